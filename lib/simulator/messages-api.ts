// The simulator's stand-in for Vonage's Messages API (POST /v1/messages, VONAGE.md): it
// answers like Vonage (202 + message_uuid, or an RFC 7807 problem), hands the text to the
// virtual phone, then reports submitted → delivered (→ read on WhatsApp) through signed
// status webhooks, a little apart — or, on WhatsApp outside the 24-hour window, rejects
// it with 1340 as Vonage does. A WhatsApp template (SPEC §10) is taken at any time, shown on
// the phone filled in with the body kept in Caseline for that number; a template that number
// does not have is rejected after the 202, as WhatsApp does with one the account never had
// approved. (System: called by the send worker with the simulator's own credentials, checked
// by its route; no user.)
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { numberLinks, simulatorMessages, whatsappTemplateLinks, whatsappTemplates } from "@/lib/db/schema";
import { lastInboundAt } from "@/lib/outbound/last-inbound";
import { whatsappWindow } from "@/lib/outbound/whatsapp-window";
import { bodyParameters, fillTemplate } from "@/lib/templates/rules";
import { postSignedWebhook } from "./signed-post";

const number = z.string().regex(/^\d{7,15}$/, "must be digits in E.164 without +");
const textBody = z.object({
  channel: z.enum(["sms", "whatsapp"]),
  message_type: z.literal("text"),
  to: number,
  from: number,
  text: z.string().min(1).max(4096),
  client_ref: z.string().max(100).optional(),
});
const templateBody = z.object({
  channel: z.literal("whatsapp", { error: "templates are sent on whatsapp only" }),
  message_type: z.literal("template"),
  to: number,
  from: number,
  whatsapp: z.object({ policy: z.literal("deterministic").optional(), locale: z.string().min(1).max(20) }),
  template: z.object({ name: z.string().min(1).max(512), parameters: z.array(z.string().max(4096)).max(100).default([]) }),
  client_ref: z.string().max(100).optional(),
});
const sendBody = z.discriminatedUnion("message_type", [textBody, templateBody]);
type SendBody = z.infer<typeof sendBody>;

export type ApiAnswer = { status: number; body: Record<string, unknown> };

export function problem(status: number, title: string, detail: string): ApiAnswer {
  return { status, body: { type: "https://developer.vonage.com/api-errors/messages", title, detail, instance: randomUUID() } };
}

/** How far apart the simulated carrier reports its progress. */
export const STATUS_DELAYS_MS = { submitted: 300, delivered: 1_000, read: 2_500, rejected: 500 } as const;

export type Step = {
  status: "submitted" | "delivered" | "read" | "rejected";
  afterMs: number;
  error?: Record<string, unknown>;
  /** What the phone shows for it, when not the status itself (why a template or a file was rejected). */
  outcome?: string;
};

/** Outcomes of a message to a phone besides the statuses: a template WhatsApp would not deliver. */
export type SimulatorOutcome = "rejected_template" | "rejected_parameters";

/**
 * The Vonage error of a template the sending number does not have. Vonage's Messages API
 * reports WhatsApp's refusal in the `rejected` status webhook; the code and wording follow
 * WhatsApp's own "template does not exist" (132001).
 */
export const UNKNOWN_TEMPLATE_ERROR = {
  type: "https://developer.vonage.com/api-errors/messages#1022",
  title: 1022,
  detail: "Template does not exist: the template name and language were not found for this WhatsApp Business number, or are not approved.",
} as const;
/** Parameters WhatsApp would refuse (count, line breaks, tabs, more than 4 spaces in a row): WhatsApp's 132000 / 132018. */
export const TEMPLATE_PARAMETERS_ERROR = {
  type: "https://developer.vonage.com/api-errors/messages#1020",
  title: 1020,
} as const;

export async function acceptMessage(payload: unknown): Promise<ApiAnswer> {
  const parsed = sendBody.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return problem(422, "Invalid params", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "not valid"}`);
  }
  const message = parsed.data;
  const uuid = randomUUID();
  const shown = message.message_type === "text" ? { text: message.text, refusal: null } : await renderForPhone(message);
  const outsideWindow =
    message.message_type === "text" &&
    message.channel === "whatsapp" &&
    !whatsappWindow(await lastInboundAt(message.to, message.from), new Date()).open;
  await getDb().insert(simulatorMessages).values({
    direction: "to_phone",
    channel: message.channel,
    ourNumber: message.from,
    theirNumber: message.to,
    text: shown.text,
    messageUuid: uuid,
    outcome: "accepted",
  });

  const steps: Step[] = shown.refusal
    ? [{ status: "rejected", afterMs: STATUS_DELAYS_MS.rejected, error: shown.refusal.error, outcome: shown.refusal.outcome }]
    : outsideWindow
      ? [
          {
            status: "rejected",
            afterMs: STATUS_DELAYS_MS.rejected,
            error: { type: "https://developer.vonage.com/api-errors/messages#1340", title: 1340, detail: "Outside of the allowed window" },
          },
        ]
      : [
          { status: "submitted", afterMs: STATUS_DELAYS_MS.submitted },
          { status: "delivered", afterMs: STATUS_DELAYS_MS.delivered },
          ...(message.channel === "whatsapp" ? [{ status: "read" as const, afterMs: STATUS_DELAYS_MS.read }] : []),
        ];
  for (const step of steps) {
    setTimeout(() => void reportStatus(uuid, message, step), step.afterMs).unref?.();
  }
  return { status: 202, body: { message_uuid: uuid } };
}

type TemplateMessage = Extract<SendBody, { message_type: "template" }>;
type Refusal = { error: Record<string, unknown>; outcome: SimulatorOutcome };

/**
 * What the phone shows of a template: its body as kept for the sending number, filled in — or,
 * for a template the number does not have or parameters WhatsApp would refuse, what was asked
 * for and why it is rejected.
 */
async function renderForPhone(message: TemplateMessage): Promise<{ text: string; refusal: Refusal | null }> {
  const { name, parameters } = message.template;
  const locale = message.whatsapp.locale;
  const asked = `Template “${name}” (${locale})${parameters.length ? `: ${parameters.join(" · ")}` : ""}`;
  const [template] = await getDb()
    .select({ body: whatsappTemplates.body })
    .from(whatsappTemplates)
    .innerJoin(whatsappTemplateLinks, eq(whatsappTemplateLinks.templateId, whatsappTemplates.id))
    .innerJoin(numberLinks, eq(numberLinks.id, whatsappTemplateLinks.linkId))
    .where(
      and(
        eq(numberLinks.ourNumber, message.from),
        eq(numberLinks.channel, "whatsapp"),
        eq(whatsappTemplates.name, name),
        eq(whatsappTemplates.locale, locale),
      ),
    )
    .limit(1);
  if (!template) return { text: asked, refusal: { error: { ...UNKNOWN_TEMPLATE_ERROR }, outcome: "rejected_template" } };
  const expected = bodyParameters(template.body);
  const count = expected.ok ? expected.count : 0;
  const filled = fillTemplate(template.body, parameters);
  if (!filled.ok) {
    const detail =
      parameters.length !== count
        ? `Number of parameters does not match the expected number of params: the template takes ${count}, ${parameters.length} were sent.`
        : "A parameter is empty, or holds new lines, tabs or more than 4 consecutive spaces.";
    return { text: asked, refusal: { error: { ...TEMPLATE_PARAMETERS_ERROR, detail }, outcome: "rejected_parameters" } };
  }
  return { text: filled.text, refusal: null };
}

export async function reportStatus(uuid: string, message: Pick<SendBody, "to" | "from" | "channel" | "client_ref">, step: Step): Promise<void> {
  const body = {
    message_uuid: uuid,
    to: message.to,
    from: message.from,
    timestamp: new Date().toISOString(),
    status: step.status,
    channel: message.channel,
    ...(message.client_ref ? { client_ref: message.client_ref } : {}),
    ...(step.error ? { error: step.error } : {}),
  };
  // Like Vonage, try again a few times when the app does not answer 2xx.
  for (let attempt = 1; attempt <= 4; attempt++) {
    try {
      const answer = await postSignedWebhook("/api/vonage/status", body);
      if (answer.status < 300) break;
    } catch {
      // not reachable yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
  }
  await getDb()
    .update(simulatorMessages)
    .set({ outcome: step.outcome ?? step.status })
    .where(eq(simulatorMessages.messageUuid, uuid))
    .catch(() => {});
}
