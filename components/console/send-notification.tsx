"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState, useTransition } from "react";
import { sendNotificationAction } from "@/app/(app)/console/cases/[id]/actions";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { inputClasses } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber } from "@/lib/display/format";
import { MAX_TEXT_LENGTH, replyText } from "@/lib/outbound/reply-text";
import { countSms } from "@/lib/outbound/sms-parts";

type Props = Pick<CaseDetail, "id" | "theirNumber" | "ourNumber" | "channel" | "whatsappWindow">;

/** Edit → "Send notification": the reply dialog (SPEC §4, the guide's "Replying to Messages"). */
export function SendNotification(props: Props) {
  const [open, setOpen] = useState(false);
  const [sentNote, setSentNote] = useState<string | null>(null);
  // Kept here, not in the dialog, so closing and reopening after an unclear failure sends
  // the same reply with the same key (stored once) instead of a second one.
  const [draft, setDraft] = useState("");
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const canReply = Boolean(props.theirNumber && props.ourNumber && props.channel);
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setSentNote(null);
          setOpen(true);
        }}
        disabled={!canReply}
        title={canReply ? undefined : "This case did not come from a message conversation"}
        aria-haspopup="dialog"
      >
        Send notification
      </Button>
      {/* Always in the page, so screen readers announce the text when it appears. */}
      <p role="status" className="basis-full text-sm text-emerald-700 empty:hidden sm:order-first sm:basis-auto sm:self-center">
        {sentNote ? (
          <>
            {sentNote}{" "}
            {/* After sending, the way back is not "Cancel" (that reads as undoing the send). */}
            <Link href={`/console/cases/${props.id}`} className="font-semibold underline">
              See it in the conversation
            </Link>
          </>
        ) : null}
      </p>
      <Dialog open={open} onClose={() => setOpen(false)} title="Send notification">
        {open && canReply ? (
          <NotificationForm
            {...props}
            message={draft}
            onMessageChange={setDraft}
            idempotencyKey={idempotencyKey}
            onClose={() => setOpen(false)}
            onSent={() => {
              setDraft("");
              setIdempotencyKey(newKey());
              setOpen(false);
              setSentNote("Sent to the conversation.");
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

/** 128 random bits; crypto.randomUUID() exists only on HTTPS or localhost pages. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

type FormProps = Props & {
  message: string;
  onMessageChange: (message: string) => void;
  /** One key per reply being written: a double click or a retried request stores it once. */
  idempotencyKey: string;
  onClose: () => void;
  onSent: () => void;
};

function NotificationForm({ id, theirNumber, ourNumber, channel, whatsappWindow, message, onMessageChange, idempotencyKey, onClose, onSent }: FormProps) {
  const router = useRouter();
  const messageId = useId();
  const counterId = useId();
  const [target, setTarget] = useState<"conversation" | "">("conversation");
  const [error, setError] = useState<string | null>(null);
  // Set when the server says the WhatsApp window is closed: the person's last message, if any.
  const [askOutsideWindow, setAskOutsideWindow] = useState<{ lastInboundAt: string | null } | null>(null);
  const [pending, startTransition] = useTransition();

  const finalText = message.trim() ? replyText(message, id) : "";
  const counter = useMemo(() => describeLength(finalText, channel ?? "sms"), [finalText, channel]);
  const tooLong = finalText.length > MAX_TEXT_LENGTH[channel ?? "sms"];

  const send = (sendOutsideWindow: boolean) => {
    setError(null);
    startTransition(async () => {
      if (target !== "conversation") return setError("Choose where to send the notification.");
      try {
        const result = await sendNotificationAction(null, { caseId: id, target, message, idempotencyKey, sendOutsideWindow });
        if (!result.ok) {
          setError(result.error);
        } else if (result.status === "outside_window") {
          setAskOutsideWindow({ lastInboundAt: result.lastInboundAt });
        } else {
          router.refresh();
          onSent();
        }
      } catch {
        // The request itself failed: keep the text and the key, so Send again is the same reply.
        setError("The server could not be reached. Check your connection and press Send again: the message will not be sent twice.");
      }
    });
  };

  return (
    <div
      className="space-y-4"
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !pending && finalText && !tooLong) {
          event.preventDefault();
          send(askOutsideWindow !== null);
        }
      }}
    >
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Target</legend>
        <label className="mt-2 flex cursor-pointer items-start gap-3 rounded-md p-3 ring-1 ring-inset ring-slate-300 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-500">
          <input
            type="radio"
            value="conversation"
            checked={target === "conversation"}
            onChange={() => setTarget("conversation")}
            className="mt-0.5 size-4 accent-indigo-600"
          />
          <span className="min-w-0 text-sm">
            <span className="block font-medium text-slate-900">Message Conversation</span>
            <span className="block break-words text-slate-600">
              To {formatNumber(theirNumber)} by {channelLabel(channel)}, from {formatNumber(ourNumber)}
            </span>
          </span>
        </label>
      </fieldset>

      {channel === "whatsapp" && whatsappWindow ? (
        whatsappWindow.open && whatsappWindow.closesAt ? (
          <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
            WhatsApp window open until <LocalTime iso={whatsappWindow.closesAt} variant="full" />.
          </p>
        ) : askOutsideWindow ? null /* the question below says it all */ : (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
            The WhatsApp window is closed: WhatsApp only allows free text within 24 hours of the person&apos;s last message, so this
            message will probably be rejected.
          </p>
        )
      ) : null}

      <div>
        <label htmlFor={messageId} className="block text-sm font-medium text-slate-700">
          Message
        </label>
        <textarea
          id={messageId}
          value={message}
          onChange={(event) => {
            onMessageChange(event.target.value);
            setAskOutsideWindow(null);
          }}
          rows={5}
          autoFocus
          aria-describedby={counterId}
          aria-invalid={tooLong || undefined}
          className={`${inputClasses} mt-1 resize-y`}
        />
        <div id={counterId} className="mt-1 flex flex-wrap justify-between gap-x-3 text-xs text-slate-500">
          <span>
            The reference <span className="font-medium text-slate-700">#{id}</span> is added at the end.
          </span>
          <span className={tooLong ? "font-medium text-rose-700" : ""} data-testid="message-counter">
            {counter}
          </span>
        </div>
      </div>

      {error ? <ErrorAlert>{error}</ErrorAlert> : null}
      {askOutsideWindow ? (
        <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {askOutsideWindow.lastInboundAt ? (
            <>
              The person last wrote <LocalTime iso={askOutsideWindow.lastInboundAt} />, more than 24 hours ago.{" "}
            </>
          ) : (
            "The person has not written to this number yet. "
          )}
          WhatsApp only allows free text within 24 hours of the person&apos;s last message. Send anyway?
        </div>
      ) : null}

      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button onClick={() => send(askOutsideWindow !== null)} disabled={pending || !finalText || tooLong || !target}>
          {pending ? "Sending…" : askOutsideWindow ? "Send anyway" : "Send"}
        </Button>
      </div>
    </div>
  );
}

function describeLength(text: string, channel: "sms" | "whatsapp"): string {
  if (!text) return channel === "sms" ? "0 characters" : `0 / ${MAX_TEXT_LENGTH.whatsapp} characters`;
  if (channel === "whatsapp") return `${[...text].length} / ${MAX_TEXT_LENGTH.whatsapp} characters`;
  const sms = countSms(text);
  const kind = sms.encoding === "GSM-7" ? "GSM-7" : "Unicode (UCS-2)";
  return `${sms.characters} characters · ${sms.parts} SMS ${sms.parts === 1 ? "part" : "parts"} · ${kind} · ${sms.remainingInPart} left in this part`;
}
