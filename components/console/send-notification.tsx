"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { inputClasses } from "@/components/ui/field";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber } from "@/lib/display/format";
import { OptedOutNotice } from "./opted-out";
import { OutsideWindowQuestion, WhatsAppWindowNotice, newKey, useReplyLength, useReplySender } from "./reply-parts";

type Props = Pick<CaseDetail, "id" | "theirNumber" | "ourNumber" | "channel" | "whatsappWindow"> & {
  /** SPEC §12: the person opted out of this number — Send notification is off, with the reason. */
  optedOut?: CaseDetail["optedOut"];
};

/** Edit → "Send notification": the reply dialog (SPEC §4, the guide's "Replying to Messages"). */
export function SendNotification(props: Props) {
  const [open, setOpen] = useState(false);
  const [sentNote, setSentNote] = useState<string | null>(null);
  // Kept here, not in the dialog, so closing and reopening after an unclear failure sends
  // the same reply with the same key (stored once) instead of a second one.
  const [draft, setDraft] = useState("");
  const [idempotencyKey, setIdempotencyKey] = useState(newKey);
  const { optedOut = null, ...formProps } = props;
  const canReply = Boolean(props.theirNumber && props.ourNumber && props.channel) && !optedOut;
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          setSentNote(null);
          setOpen(true);
        }}
        disabled={!canReply}
        title={
          canReply
            ? undefined
            : optedOut
              ? `${formatNumber(props.theirNumber)} opted out of messages from this number (${optedOut.keyword})`
              : "This case did not come from a message conversation"
        }
        aria-haspopup="dialog"
        aria-describedby={optedOut ? "opted-out-reason" : undefined}
      >
        Send notification
      </Button>
      {optedOut ? (
        <div id="opted-out-reason" className="order-last basis-full">
          <OptedOutNotice theirNumber={props.theirNumber} optedOut={optedOut} compact />
        </div>
      ) : null}
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
            {...formProps}
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
  const { send: sendReply, error, setError, askOutsideWindow, clearQuestion } = useReplySender(id);
  const [pending, startTransition] = useTransition();
  const { finalText, counter, tooLong } = useReplyLength(message, id, channel);

  const send = (sendOutsideWindow: boolean) => {
    setError(null);
    startTransition(async () => {
      if (target !== "conversation") return setError("Choose where to send the notification.");
      const outcome = await sendReply(message, idempotencyKey, sendOutsideWindow);
      if (outcome.status === "queued") {
        router.refresh();
        onSent();
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

      {/* Once the server has asked, the question below says it all. */}
      {askOutsideWindow ? null : <WhatsAppWindowNotice channel={channel} whatsappWindow={whatsappWindow} />}

      <div>
        <label htmlFor={messageId} className="block text-sm font-medium text-slate-700">
          Message
        </label>
        <textarea
          id={messageId}
          value={message}
          onChange={(event) => {
            onMessageChange(event.target.value);
            clearQuestion();
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
      {askOutsideWindow ? <OutsideWindowQuestion lastInboundAt={askOutsideWindow.lastInboundAt} /> : null}

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
