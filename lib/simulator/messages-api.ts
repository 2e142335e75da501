// The simulator's stand-in for Vonage's Messages API (POST /v1/messages, VONAGE.md): it
// answers like Vonage (202 + message_uuid, or an RFC 7807 problem), hands the text to the
// virtual phone, then reports submitted → delivered (→ read on WhatsApp) through signed
// status webhooks, a little apart — or, on WhatsApp outside the 24-hour window, rejects
// it with 1340 as Vonage does. (System: called by the send worker with the simulator's
// own credentials, checked by its route; no user.)
import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { simulatorMessages } from "@/lib/db/schema";
import { lastInboundAt } from "@/lib/outbound/last-inbound";
import { whatsappWindow } from "@/lib/outbound/whatsapp-window";
import { postSignedWebhook } from "./signed-post";

const number = z.string().regex(/^\d{7,15}$/, "must be digits in E.164 without +");
const sendBody = z.object({
  channel: z.enum(["sms", "whatsapp"]),
  message_type: z.literal("text"),
  to: number,
  from: number,
  text: z.string().min(1).max(4096),
  client_ref: z.string().max(100).optional(),
});

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
  /** What the phone shows for it, when not the status itself. */
  outcome?: string;
};

export async function acceptMessage(payload: unknown): Promise<ApiAnswer> {
  const parsed = sendBody.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return problem(422, "Invalid params", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "not valid"}`);
  }
  const message = parsed.data;
  const uuid = randomUUID();
  const outsideWindow =
    message.channel === "whatsapp" && !whatsappWindow(await lastInboundAt(message.to, message.from), new Date()).open;
  await getDb().insert(simulatorMessages).values({
    direction: "to_phone",
    channel: message.channel,
    ourNumber: message.from,
    theirNumber: message.to,
    text: message.text,
    messageUuid: uuid,
    outcome: "accepted",
  });

  const steps: Step[] = outsideWindow
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

export async function reportStatus(uuid: string, message: Pick<z.infer<typeof sendBody>, "to" | "from" | "channel" | "client_ref">, step: Step): Promise<void> {
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
