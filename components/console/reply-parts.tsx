"use client";

// What the two ways of replying share (SPEC §4): Edit → Send notification's dialog and the
// case view's composer send through the same server action, count SMS parts the same way and
// say the same about the WhatsApp window.
import { useCallback, useMemo, useState } from "react";
import { sendNotificationAction } from "@/app/(app)/console/cases/[id]/actions";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { MAX_TEXT_LENGTH, replyText } from "@/lib/outbound/reply-text";
import { countSms } from "@/lib/outbound/sms-parts";

type Channel = "sms" | "whatsapp";

/** 128 random bits; crypto.randomUUID() exists only on HTTPS or localhost pages. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function describeLength(text: string, channel: Channel, max: number = MAX_TEXT_LENGTH.whatsapp): string {
  if (!text) return channel === "sms" ? "0 characters" : `0 / ${max} characters`;
  if (channel === "whatsapp") return `${[...text].length} / ${max} characters`;
  const sms = countSms(text);
  const kind = sms.encoding === "GSM-7" ? "GSM-7" : "Unicode (UCS-2)";
  return `${sms.characters} characters · ${sms.parts} SMS ${sms.parts === 1 ? "part" : "parts"} · ${kind} · ${sms.remainingInPart} left in this part`;
}

/**
 * The text that will be sent (with ` #ref`), its length as the counter shows it, and whether
 * it is too long — for the channel, or for `max` (a file's caption).
 */
export function useReplyLength(message: string, caseId: number, channel: Channel | null, max?: number) {
  const finalText = message.trim() ? replyText(message, caseId) : "";
  const counter = useMemo(() => describeLength(finalText, channel ?? "sms", max), [finalText, channel, max]);
  const tooLong = finalText.length > (max ?? MAX_TEXT_LENGTH[channel ?? "sms"]);
  return { finalText, counter, tooLong };
}

export type SendOutcome = { status: "queued"; messageId: number } | { status: "outside_window" } | { status: "failed" };

/** A WhatsApp template to send (SPEC §10): its name, language and parameters in order. */
export type TemplateChoice = { name: string; locale: string; parameters: string[] };

/**
 * One reply through sendNotificationAction (queue, idempotency key, ` #ref`): the error to
 * show, or the question to ask when WhatsApp's window is closed. `sendTemplate` sends a
 * WhatsApp template the same way (no window to ask about, no reference added).
 */
export function useReplySender(caseId: number) {
  const [error, setError] = useState<string | null>(null);
  // Set when the server says the WhatsApp window is closed: the person's last message, if any.
  const [askOutsideWindow, setAskOutsideWindow] = useState<{ lastInboundAt: string | null } | null>(null);

  const deliver = useCallback(
    async (
      content: { message: string; sendOutsideWindow: boolean; mediaId?: number } | { template: TemplateChoice },
      idempotencyKey: string,
    ): Promise<SendOutcome> => {
      setError(null);
      try {
        const result = await sendNotificationAction(null, { caseId, target: "conversation", idempotencyKey, ...content });
        if (!result.ok) {
          setError(result.error);
          return { status: "failed" };
        }
        if (result.status === "outside_window") {
          setAskOutsideWindow({ lastInboundAt: result.lastInboundAt });
          return { status: "outside_window" };
        }
        setAskOutsideWindow(null);
        return { status: "queued", messageId: result.messageId };
      } catch {
        // The request itself failed: the caller keeps the text and the key, so sending again is the same reply.
        setError("The server could not be reached. Check your connection and press Send again: the message will not be sent twice.");
        return { status: "failed" };
      }
    },
    [caseId],
  );
  const send = useCallback(
    (message: string, idempotencyKey: string, sendOutsideWindow: boolean, mediaId?: number) =>
      deliver({ message, sendOutsideWindow, ...(mediaId === undefined ? {} : { mediaId }) }, idempotencyKey),
    [deliver],
  );
  const sendTemplate = useCallback((template: TemplateChoice, idempotencyKey: string) => deliver({ template }, idempotencyKey), [deliver]);
  const clearQuestion = useCallback(() => setAskOutsideWindow(null), []);
  return { send, sendTemplate, error, setError, askOutsideWindow, clearQuestion };
}

/** Whether WhatsApp will take free text now; nothing for SMS. */
export function WhatsAppWindowNotice({
  channel,
  whatsappWindow,
  compact = false,
}: {
  channel: CaseDetail["channel"];
  whatsappWindow: CaseDetail["whatsappWindow"];
  compact?: boolean;
}) {
  if (channel !== "whatsapp" || !whatsappWindow) return null;
  const box = compact ? "px-3 py-1.5 text-xs" : "px-3 py-2 text-sm";
  return whatsappWindow.open && whatsappWindow.closesAt ? (
    <p className={`rounded-md bg-emerald-50 text-emerald-800 ring-1 ring-inset ring-emerald-200 ${box}`}>
      WhatsApp window open until <LocalTime iso={whatsappWindow.closesAt} variant="full" />.
    </p>
  ) : (
    <p className={`rounded-md bg-amber-50 text-amber-900 ring-1 ring-inset ring-amber-200 ${box}`}>
      The WhatsApp window is closed: WhatsApp only allows free text within 24 hours of the person&apos;s last message, so this
      message will probably be rejected.
    </p>
  );
}

/** Asked after the server refused to send outside the WhatsApp window without asking. */
export function OutsideWindowQuestion({ lastInboundAt }: { lastInboundAt: string | null }) {
  return (
    <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      {lastInboundAt ? (
        <>
          The person last wrote <LocalTime iso={lastInboundAt} />, more than 24 hours ago.{" "}
        </>
      ) : (
        "The person has not written to this number yet. "
      )}
      WhatsApp only allows free text within 24 hours of the person&apos;s last message. Send anyway?
    </div>
  );
}
