// SPEC §11 in the simulator's fake Messages API: an image, audio, video or file on WhatsApp.
// Like Vonage it answers 202 at once, then fetches the file from its URL itself: a file it
// cannot fetch (an error answer, a type WhatsApp does not show as that kind, over WhatsApp's
// size) is reported rejected with Vonage's 1020 "Invalid params"; a file it fetched reaches
// the virtual phone as "📎 name (size)" with its caption, then submitted → delivered → read.
// (System: the send worker calls it with the simulator's credentials; no user.)
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { simulatorMessages } from "@/lib/db/schema";
import { formatBytes, WHATSAPP_RULES, type MediaKind } from "@/lib/media/outbound-rules";
import { lastInboundAt } from "@/lib/outbound/last-inbound";
import { whatsappWindow } from "@/lib/outbound/whatsapp-window";
import { problem, reportStatus, STATUS_DELAYS_MS, type ApiAnswer, type Step } from "./messages-api";

const MEDIA_KINDS = ["image", "audio", "video", "file"] as const;
const number = z.string().regex(/^\d{7,15}$/, "must be digits in E.164 without +");
const url = z.string().url().max(2000);
const mediaBody = z.object({
  channel: z.enum(["sms", "whatsapp"]),
  message_type: z.enum(MEDIA_KINDS),
  to: number,
  from: number,
  client_ref: z.string().max(100).optional(),
  image: z.object({ url, caption: z.string().max(3000).optional() }).optional(),
  audio: z.object({ url }).optional(),
  video: z.object({ url, caption: z.string().max(3000).optional() }).optional(),
  file: z.object({ url, caption: z.string().max(3000).optional(), name: z.string().max(256).optional() }).optional(),
});

/** How long the carrier waits for a file (Vonage gives up on slow hosts too). */
const FETCH_TIMEOUT_MS = 15_000;

export function isMediaMessage(payload: unknown): boolean {
  const type = (payload as { message_type?: unknown } | null)?.message_type;
  return typeof type === "string" && (MEDIA_KINDS as readonly string[]).includes(type);
}

export async function acceptMediaMessage(payload: unknown): Promise<ApiAnswer> {
  const parsed = mediaBody.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return problem(422, "Invalid params", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "not valid"}`);
  }
  const message = parsed.data;
  if (message.channel !== "whatsapp") return problem(422, "Invalid params", `The ${message.channel} channel does not support message_type ${message.message_type}.`);
  const content = message[message.message_type];
  if (!content) return problem(422, "Invalid params", `${message.message_type}: Required`);
  const uuid = randomUUID();
  // The fetch happens after the answer, as at Vonage: a bad file is a rejected status, not an error here.
  setTimeout(() => void deliver(uuid, message, message.message_type, content), 0).unref?.();
  return { status: 202, body: { message_uuid: uuid } };
}

type Content = { url: string; caption?: string; name?: string };

async function deliver(uuid: string, message: z.infer<typeof mediaBody>, kind: MediaKind, content: Content): Promise<void> {
  const outsideWindow = !whatsappWindow(await lastInboundAt(message.to, message.from), new Date()).open;
  const fetched = outsideWindow ? null : await fetchLikeVonage(kind, content.url);
  const name = content.name ?? nameFromUrl(content.url);
  const shown = fetched?.ok ? `📎 ${name} (${formatBytes(fetched.size)})` : `📎 ${name}${fetched ? ` — not delivered: ${fetched.reason}` : ""}`;
  await getDb()
    .insert(simulatorMessages)
    .values({
      direction: "to_phone",
      channel: "whatsapp",
      ourNumber: message.from,
      theirNumber: message.to,
      text: content.caption ? `${shown}\n${content.caption}` : shown,
      messageUuid: uuid,
      outcome: "accepted",
    })
    .catch(() => {});
  const steps: Step[] = outsideWindow
    ? [
        {
          status: "rejected",
          afterMs: STATUS_DELAYS_MS.rejected,
          error: { type: "https://developer.vonage.com/api-errors/messages#1340", title: 1340, detail: "Outside of the allowed window" },
        },
      ]
    : !fetched!.ok
      ? [
          {
            status: "rejected",
            afterMs: STATUS_DELAYS_MS.rejected,
            error: { type: "https://developer.vonage.com/api-errors/messages#1020", title: 1020, detail: `Invalid params: ${fetched!.reason}` },
            outcome: "media_rejected",
          },
        ]
      : [
          { status: "submitted", afterMs: STATUS_DELAYS_MS.submitted },
          { status: "delivered", afterMs: STATUS_DELAYS_MS.delivered },
          { status: "read", afterMs: STATUS_DELAYS_MS.read },
        ];
  for (const step of steps) setTimeout(() => void reportStatus(uuid, message, step), step.afterMs).unref?.();
}

type Fetched = { ok: true; size: number } | { ok: false; reason: string };

/** GET the file as Vonage would: a 2xx, a type WhatsApp shows as this kind, within its size. */
async function fetchLikeVonage(kind: MediaKind, url: string): Promise<Fetched> {
  const rule = WHATSAPP_RULES.find((r) => r.kind === kind)!;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    return { ok: false, reason: `the media URL could not be fetched (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, reason: `the media URL answered HTTP ${response.status}` };
  }
  const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!rule.types.includes(type)) {
    await response.body?.cancel().catch(() => {});
    return { ok: false, reason: `unsupported media type ${type || "(none)"} for ${kind}` };
  }
  let size = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      size += next.value.byteLength;
      if (size > rule.maxBytes) {
        await reader?.cancel().catch(() => {});
        return { ok: false, reason: `the media is larger than ${formatBytes(rule.maxBytes)}` };
      }
    }
  } catch (error) {
    return { ok: false, reason: `the media download failed (${error instanceof Error ? error.message : String(error)})` };
  }
  return { ok: true, size };
}

function nameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).pop();
    return last ? decodeURIComponent(last) : "file";
  } catch {
    return "file";
  }
}
