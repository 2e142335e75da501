"use client";

import { useCallback, useId, useImperativeHandle, useRef, useState, type Ref } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber } from "@/lib/display/format";
import { replyText } from "@/lib/outbound/reply-text";
import { OutsideWindowQuestion, WhatsAppWindowNotice, newKey, useReplyLength, useReplySender } from "./reply-parts";
import type { PendingReply } from "./thread";

export type ComposerMode = "reply" | "note";
export type ComposerHandle = { focus: (mode: ComposerMode) => void };

type Draft = { text: string; key: string };

/**
 * Drafts outlive the composer: switching to another case and back keeps what was typed, and
 * its idempotency key, so a reply whose answer was lost is sent again as the same reply.
 */
const drafts = new Map<string, Draft>();
const draftKey = (caseId: number, mode: ComposerMode) => `${caseId}:${mode}`;
function readDraft(caseId: number, mode: ComposerMode): Draft {
  let draft = drafts.get(draftKey(caseId, mode));
  if (!draft) {
    draft = { text: "", key: newKey() };
    drafts.set(draftKey(caseId, mode), draft);
  }
  return draft;
}

type Props = Pick<CaseDetail, "id" | "theirNumber" | "ourNumber" | "channel" | "whatsappWindow"> & {
  ref?: Ref<ComposerHandle>;
  /** The optimistic entry: shown in the thread from the moment Send is pressed. */
  onPending: (reply: PendingReply) => void;
  /** The server stored it (messageId), or refused it (null: the entry goes). */
  onSettled: (key: string, messageId: number | null) => void;
};

/** SPEC §9: the composer under the thread — Reply (sent as SPEC §4 says) and Note. */
export function Composer({ ref, id, theirNumber, ourNumber, channel, whatsappWindow, onPending, onSettled }: Props) {
  const canReply = Boolean(theirNumber && ourNumber && channel);
  const [mode, setMode] = useState<ComposerMode>(canReply ? "reply" : "note");
  const [draft, setDraftState] = useState<Draft>(() => readDraft(id, mode));
  const [sending, setSending] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fieldId = useId();
  const hintId = useId();
  const { send, error, setError, askOutsideWindow, clearQuestion } = useReplySender(id);
  const { finalText, counter, tooLong } = useReplyLength(mode === "reply" ? draft.text : "", id, channel);

  const setDraft = useCallback(
    (next: Draft, forMode: ComposerMode = mode) => {
      drafts.set(draftKey(id, forMode), next);
      setDraftState(next);
    },
    [id, mode],
  );

  const switchMode = useCallback(
    (next: ComposerMode) => {
      setMode(next);
      setDraftState(readDraft(id, next));
      setError(null);
      clearQuestion();
    },
    [id, setError, clearQuestion],
  );

  useImperativeHandle(
    ref,
    () => ({
      focus(next) {
        if (next === "reply" && !canReply) return;
        if (next !== mode) switchMode(next);
        // After the mode's render, so the caret lands in the right draft.
        requestAnimationFrame(() => {
          const el = textarea.current;
          if (!el) return;
          el.focus();
          el.setSelectionRange(el.value.length, el.value.length);
        });
      },
    }),
    [canReply, mode, switchMode],
  );

  const sendReply = async (sendOutsideWindow: boolean) => {
    if (sending || !finalText || tooLong) return;
    const { text, key } = draft;
    onPending({ key, text: replyText(text, id), at: new Date().toISOString() });
    // The box empties at once; it stays read-only until the server answers, so nothing typed
    // meanwhile could be mistaken for this reply.
    setDraft({ text: "", key }, "reply");
    setSending(true);
    const outcome = await send(text, key, sendOutsideWindow);
    setSending(false);
    if (outcome.status === "queued") {
      onSettled(key, outcome.messageId);
      setDraft({ text: "", key: newKey() }, "reply");
    } else {
      // Not stored (an error, or WhatsApp's window to ask about): the text comes back with the
      // same key, so sending it again can never make two replies.
      onSettled(key, null);
      setDraft({ text, key }, "reply");
    }
    textarea.current?.focus();
  };

  const submit = () => {
    if (mode === "reply") void sendReply(askOutsideWindow !== null);
  };

  const note = mode === "note";
  const placeholder = note
    ? "Write a note for the team. It is never sent to the person."
    : canReply
      ? `Reply to ${formatNumber(theirNumber)} by ${channelLabel(channel)}`
      : "This case did not come from a conversation: there is no one to reply to.";

  return (
    <section
      aria-label="Composer"
      className={`rounded-lg shadow-sm ring-1 transition-colors ${note ? "bg-amber-50 ring-amber-300" : "bg-white ring-slate-200"}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200/70 px-2 pt-2">
        <div role="group" aria-label="Write" className="flex gap-1">
          <ModeButton pressed={!note} onClick={() => switchMode("reply")} disabled={!canReply} shortcut="r">
            Reply
          </ModeButton>
          <ModeButton pressed={note} onClick={() => switchMode("note")} shortcut="n">
            Note
          </ModeButton>
        </div>
        {!note && canReply ? (
          <p className="pb-1.5 pr-1 text-xs text-slate-500">
            From {formatNumber(ourNumber)} · <span className="font-medium text-slate-700">#{id}</span> is added at the end
          </p>
        ) : note ? (
          <p className="pb-1.5 pr-1 text-xs font-medium text-amber-800">Only your team sees notes</p>
        ) : null}
      </div>

      <div className="space-y-2 p-3">
        {!note && !askOutsideWindow ? <WhatsAppWindowNotice channel={channel} whatsappWindow={whatsappWindow} compact /> : null}
        <label htmlFor={fieldId} className="sr-only">
          {note ? "Note" : "Reply"}
        </label>
        <textarea
          ref={textarea}
          id={fieldId}
          value={draft.text}
          readOnly={sending}
          disabled={!note && !canReply}
          onChange={(event) => {
            setDraft({ ...draft, text: event.target.value });
            clearQuestion();
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            } else if (event.key === "Escape") {
              // Out of the field, so the console's shortcuts work again.
              event.preventDefault();
              event.currentTarget.blur();
            }
          }}
          placeholder={placeholder}
          rows={3}
          aria-describedby={hintId}
          aria-invalid={tooLong || undefined}
          className={`block max-h-64 min-h-20 w-full resize-none rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-inset field-sizing-content disabled:bg-slate-50 ${
            note ? "bg-white ring-amber-300 focus:ring-amber-500" : "ring-slate-300 focus:ring-indigo-600"
          } aria-[invalid=true]:ring-rose-400`}
        />
        {error ? <ErrorAlert>{error}</ErrorAlert> : null}
        {askOutsideWindow ? <OutsideWindowQuestion lastInboundAt={askOutsideWindow.lastInboundAt} /> : null}
        <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
          <p id={hintId} className="text-xs text-slate-500">
            {note ? (
              "Notes stay in Caseline."
            ) : (
              <span className={tooLong ? "font-medium text-rose-700" : ""} data-testid="composer-counter">
                {counter}
              </span>
            )}
          </p>
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden text-xs text-slate-400 sm:inline" aria-hidden>
              Ctrl + Enter
            </span>
            <button
              type="button"
              onClick={submit}
              disabled={sending || (note ? true : !finalText || tooLong)}
              className={`inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-semibold text-white shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed ${
                note
                  ? "bg-amber-600 hover:bg-amber-500 focus-visible:outline-amber-600 disabled:bg-amber-300"
                  : "bg-indigo-600 hover:bg-indigo-500 focus-visible:outline-indigo-600 disabled:bg-indigo-300"
              }`}
            >
              {note ? "Add note" : sending ? "Sending…" : askOutsideWindow ? "Send anyway" : "Send"}
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}

function ModeButton({
  pressed,
  onClick,
  disabled,
  shortcut,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  disabled?: boolean;
  shortcut: string;
  children: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      disabled={disabled}
      aria-keyshortcuts={shortcut}
      className={`-mb-px rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-300 ${
        pressed ? "border-current text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"
      }`}
    >
      {children}
    </button>
  );
}
