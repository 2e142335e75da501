"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useId, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from "react";
import { addNoteAction } from "@/app/(app)/console/cases/[id]/actions";
import { ErrorAlert } from "@/components/ui/alert";
import { filterCannedReplies } from "@/lib/canned/filter";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber } from "@/lib/display/format";
import { MAX_NOTE_LENGTH, type CaseNoteEntry } from "@/lib/notes/note-entry";
import { replyText } from "@/lib/outbound/reply-text";
import { checkCaption, MAX_CAPTION_LENGTH, SMS_REFUSAL } from "@/lib/media/outbound-rules";
import { AttachButton, AttachmentChip, useAttachment } from "./attachment";
import { activeTrigger, applyChoice, mentionFinished, type Trigger } from "./composer-triggers";
import { OptedOutNotice } from "./opted-out";
import { cannedRepliesQuery } from "./query-options";
import { OutsideWindowQuestion, WhatsAppWindowNotice, newKey, useReplyLength, useReplySender } from "./reply-parts";
import { TemplateComposer } from "./template-composer";
import type { PendingReply } from "./thread";

export type ComposerMode = "reply" | "note" | "template";
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

/** The most suggestions a menu shows; typing more narrows them. */
const MENU_SIZE = 8;

type Option = { id: string; label: string; detail?: string; insert: string };

type Props = Pick<CaseDetail, "id" | "surveyId" | "theirNumber" | "ourNumber" | "channel" | "whatsappWindow" | "team"> & {
  /** SPEC §12: the person opted out of this number — Reply is off, with the reason; notes still work. */
  optedOut?: CaseDetail["optedOut"];
  ref?: Ref<ComposerHandle>;
  /** The optimistic entry: shown in the thread from the moment Send is pressed. */
  onPending: (reply: PendingReply) => void;
  /** The server stored it (messageId), or refused it (null: the entry goes). */
  onSettled: (key: string, messageId: number | null) => void;
  /** A note was stored: the thread shows it at once. */
  onNoteAdded: (note: CaseNoteEntry) => void;
};

/**
 * SPEC §9: the composer under the thread. Reply is sent as SPEC §4 says (the action Send
 * notification uses); Note stays in Caseline. `/` at the start lists the survey's canned
 * replies; `@` in a note lists the people who may see the case. On WhatsApp, Template sends
 * an approved template (SPEC §10); with the 24-hour window closed the composer opens on it,
 * and free text comes second.
 */
export function Composer({ ref, id, surveyId, theirNumber, ourNumber, channel, whatsappWindow, team, optedOut = null, onPending, onSettled, onNoteAdded }: Props) {
  // SPEC §12: nothing may be sent to a number that opted out; notes still work.
  const canReply = Boolean(theirNumber && ourNumber && channel) && !optedOut;
  const canTemplate = canReply && channel === "whatsapp";
  const windowClosed = canTemplate && whatsappWindow !== null && !whatsappWindow.open;
  const [mode, setMode] = useState<ComposerMode>(canReply ? (windowClosed ? "template" : "reply") : "note");
  const [draft, setDraftState] = useState<Draft>(() => readDraft(id, mode));
  const [sending, setSending] = useState(false);
  const [noteError, setNoteError] = useState<string | null>(null);
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  // The menu Escape closed stays closed until its `/` or `@` is typed again.
  const [dismissed, setDismissed] = useState<{ kind: Trigger["kind"]; start: number } | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const caretAfterRender = useRef<number | null>(null);
  const fieldId = useId();
  const hintId = useId();
  const menuId = useId();
  const { send, error: replyError, setError: setReplyError, askOutsideWindow, clearQuestion } = useReplySender(id);
  const media = useAttachment(id, channel);
  const [dragging, setDragging] = useState(false);
  const note = mode === "note";
  // SPEC §11: with a file, the text is its caption (optional, shorter, none with audio).
  const file = mode === "reply" && media.attachment && media.attachment.state !== "failed" ? media.attachment : null;
  const ready = file?.state === "ready" ? file.upload : null;
  const { finalText, counter, tooLong: replyTooLong } = useReplyLength(mode === "reply" ? draft.text : "", id, channel, file ? MAX_CAPTION_LENGTH : undefined);
  const captionProblem = ready && !replyTooLong ? checkCaption(ready.kind, finalText || null) : null;
  const noteTooLong = note && draft.text.trim().length > MAX_NOTE_LENGTH;
  const error = note ? noteError : replyError;

  const canned = useQuery(cannedRepliesQuery(surveyId));
  const trigger = focused && mode !== "template" ? activeTrigger(draft.text, caret, mode) : null;
  const closedByEscape =
    (trigger && dismissed?.kind === trigger.kind && dismissed.start === trigger.start) ||
    (trigger?.kind === "mention" && mentionFinished(trigger.query, team.map((u) => u.name)));
  const options: Option[] =
    !trigger || closedByEscape
      ? []
      : trigger.kind === "canned"
        ? filterCannedReplies(canned.data ?? [], trigger.query)
            .slice(0, MENU_SIZE)
            .map((c) => ({ id: `canned-${c.id}`, label: c.name, detail: c.text, insert: c.text }))
        : filterCannedReplies(team, trigger.query)
            .slice(0, MENU_SIZE)
            .map((u) => ({ id: `user-${u.id}`, label: u.name, insert: `@${u.name} ` }));
  // A `/` always answers (even "none"); an `@` that names nobody is just an @.
  const menuOpen = Boolean(trigger && !closedByEscape && (trigger.kind === "canned" || options.length > 0));
  const highlighted = Math.min(active, Math.max(options.length - 1, 0));

  useLayoutEffect(() => {
    const at = caretAfterRender.current;
    if (at === null || !textarea.current) return;
    caretAfterRender.current = null;
    textarea.current.setSelectionRange(at, at);
  });

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
      setReplyError(null);
      setNoteError(null);
      clearQuestion();
    },
    [id, setReplyError, clearQuestion],
  );

  useImperativeHandle(
    ref,
    () => ({
      focus(next) {
        if ((next === "reply" && !canReply) || (next === "template" && !canTemplate)) return;
        if (next !== mode) switchMode(next);
        // After the mode's render, so the caret lands at the end of the right draft.
        requestAnimationFrame(() => {
          const el = textarea.current;
          if (!el) return;
          el.focus();
          el.setSelectionRange(el.value.length, el.value.length);
          setCaret(el.value.length);
        });
      },
    }),
    [canReply, canTemplate, mode, switchMode],
  );

  const choose = (option: Option) => {
    if (!trigger) return;
    const next = applyChoice(draft.text, caret, trigger, option.insert);
    setDraft({ ...draft, text: next.text });
    caretAfterRender.current = next.caret;
    setCaret(next.caret);
    setActive(0);
  };

  const sendReply = async (sendOutsideWindow: boolean) => {
    if (sending || !canReply || replyTooLong || captionProblem || file?.state === "uploading") return;
    if (!finalText && !ready) return;
    const { text, key } = draft;
    onPending({ key, text: text.trim() ? replyText(text, id) : "", at: new Date().toISOString(), ...(ready ? { attachment: ready.name } : {}) });
    // The box empties at once; it stays read-only until the server answers, so nothing typed
    // meanwhile could be mistaken for this reply.
    setDraft({ text: "", key }, "reply");
    setSending(true);
    const outcome = await send(text, key, sendOutsideWindow, ready?.id);
    setSending(false);
    if (outcome.status === "queued") {
      onSettled(key, outcome.messageId);
      setDraft({ text: "", key: newKey() }, "reply");
      if (ready) media.remove();
    } else {
      // Not stored (an error, or WhatsApp's window to ask about): the text comes back with the
      // same key, so sending it again can never make two replies.
      onSettled(key, null);
      setDraft({ text, key }, "reply");
    }
    textarea.current?.focus();
  };

  const addNote = async () => {
    const { text, key } = draft;
    if (sending || !text.trim() || noteTooLong) return;
    setSending(true);
    setNoteError(null);
    try {
      // The draft's key: a note whose answer was lost, added again, is stored once.
      const result = await addNoteAction(null, { caseId: id, text, idempotencyKey: key });
      if (!result.ok) setNoteError(result.error);
      else {
        setDraft({ text: "", key: newKey() }, "note");
        onNoteAdded(result.note);
      }
    } catch {
      setNoteError("The server could not be reached: the note is still here. Check your connection and add it again.");
      setDraft({ text, key }, "note");
    }
    setSending(false);
    textarea.current?.focus();
  };

  const submit = () => {
    if (mode === "template") return; // the Template mode sends by itself
    if (note) void addNote();
    else void sendReply(askOutsideWindow !== null);
  };

  const placeholder = note
    ? "Write a note for the team: @ mentions someone, / inserts a canned reply. Never sent to the person."
    : optedOut
      ? `${formatNumber(theirNumber)} opted out of messages from this number: no reply can be sent. Notes still work.`
      : !canReply
      ? "This case did not come from a conversation: there is no one to reply to."
      : file
        ? file.file.type.startsWith("audio/")
          ? "Audio goes without text: send any text as a reply of its own."
          : "Add a caption (optional) — it goes with the file"
        : `Reply to ${formatNumber(theirNumber)} by ${channelLabel(channel)} — / for canned replies`;
  const templateButton = (
    <ModeButton pressed={mode === "template"} onClick={() => switchMode("template")} disabled={!canTemplate}>
      Template
    </ModeButton>
  );
  const submitDisabled =
    sending ||
    (note
      ? !draft.text.trim() || noteTooLong
      : !canReply ||
        (file ? file.state !== "ready" || replyTooLong || Boolean(captionProblem) : !finalText || replyTooLong));

  // Drop a file anywhere on the composer (a reply on WhatsApp; SMS says why not).
  const isFileDrag = (event: React.DragEvent) => Array.from(event.dataTransfer.types).includes("Files");
  const dropHandlers = canReply
    ? {
        onDragEnter: (event: React.DragEvent) => {
          if (!isFileDrag(event)) return;
          event.preventDefault();
          setDragging(true);
        },
        onDragOver: (event: React.DragEvent) => {
          if (!isFileDrag(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = channel === "whatsapp" ? "copy" : "none";
        },
        onDragLeave: (event: React.DragEvent) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        },
        onDrop: (event: React.DragEvent) => {
          if (!isFileDrag(event)) return;
          event.preventDefault();
          setDragging(false);
          const dropped = event.dataTransfer.files[0];
          if (!dropped) return;
          if (mode !== "reply") switchMode("reply");
          media.attach(dropped);
        },
      }
    : {};

  return (
    <section
      aria-label="Composer"
      className={`relative rounded-lg shadow-sm ring-1 transition-colors ${note ? "bg-amber-50 ring-amber-300" : "bg-white ring-slate-200"}`}
      {...dropHandlers}
    >
      {dragging ? (
        <div
          aria-hidden
          className={`pointer-events-none absolute inset-0 z-30 flex items-center justify-center rounded-lg border-2 border-dashed px-6 text-center text-sm font-medium ${
            channel === "whatsapp" ? "border-indigo-400 bg-indigo-50/90 text-indigo-800" : "border-rose-300 bg-rose-50/90 text-rose-800"
          }`}
        >
          {channel === "whatsapp" ? "Drop the file to send it with your reply" : "SMS cannot carry files: send a link, or use a WhatsApp number."}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200/70 px-2 pt-2">
        <div role="group" aria-label="Write" className="flex gap-1">
          {/* With the window closed a template comes first: free text would probably be rejected. */}
          {windowClosed ? templateButton : null}
          <ModeButton
            pressed={mode === "reply"}
            onClick={() => switchMode("reply")}
            disabled={!canReply}
            title={optedOut ? `${formatNumber(theirNumber)} opted out (${optedOut.keyword}): no reply can be sent` : undefined}
            shortcut="r"
          >
            Reply
          </ModeButton>
          <ModeButton pressed={note} onClick={() => switchMode("note")} shortcut="n">
            Note
          </ModeButton>
          {canTemplate && !windowClosed ? templateButton : null}
        </div>
        {mode === "template" ? (
          <p className="pb-1.5 pr-1 text-xs text-slate-500">From {formatNumber(ourNumber)} · an approved WhatsApp template</p>
        ) : !note && canReply ? (
          <p className="pb-1.5 pr-1 text-xs text-slate-500">
            From {formatNumber(ourNumber)} · <span className="font-medium text-slate-700">#{id}</span> is added at the end
          </p>
        ) : note ? (
          <p className="pb-1.5 pr-1 text-xs font-medium text-amber-800">Only your team sees notes</p>
        ) : null}
      </div>

      {mode === "template" ? (
        <div className="p-3">
          <TemplateComposer caseId={id} ourNumber={ourNumber} whatsappWindow={whatsappWindow} onPending={onPending} onSettled={onSettled} />
        </div>
      ) : (
        <div className="space-y-2 p-3">
          {/* In Note mode too: it says why Reply is off. */}
          {optedOut ? <OptedOutNotice theirNumber={theirNumber} optedOut={optedOut} compact /> : null}
          {!note && !optedOut && !askOutsideWindow ? <WhatsAppWindowNotice channel={channel} whatsappWindow={whatsappWindow} compact /> : null}
          {!note && windowClosed ? (
            <p className="text-xs text-slate-600">
              Outside the window WhatsApp delivers approved templates only.{" "}
              <button type="button" onClick={() => switchMode("template")} className="font-medium text-indigo-700 underline hover:text-indigo-600">
                Send a template instead
              </button>
            </p>
          ) : null}
          <div className="relative">
            <label htmlFor={fieldId} className="sr-only">
              {note ? "Note" : "Reply"}
            </label>
            <textarea
              ref={textarea}
              id={fieldId}
              value={draft.text}
              readOnly={sending}
              disabled={!note && !canReply}
              onFocus={() => setFocused(true)}
              onBlur={() => setFocused(false)}
              onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
              onChange={(event) => {
                setDraft({ ...draft, text: event.target.value });
                setCaret(event.target.selectionStart);
                setActive(0);
                if (dismissed && event.target.value.slice(dismissed.start, dismissed.start + 1) !== (dismissed.kind === "canned" ? "/" : "@")) setDismissed(null);
                clearQuestion();
              }}
              onKeyDown={(event) => {
                if (event.nativeEvent.isComposing) return;
                if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                  event.preventDefault();
                  submit();
                  return;
                }
                if (menuOpen && options.length > 0) {
                  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                    event.preventDefault();
                    const step = event.key === "ArrowDown" ? 1 : -1;
                    setActive((highlighted + step + options.length) % options.length);
                    return;
                  }
                  if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
                    event.preventDefault();
                    choose(options[highlighted]!);
                    return;
                  }
                }
                if (event.key === "Escape") {
                  event.preventDefault();
                  // First the menu, then the field (so the console's shortcuts work again).
                  if (menuOpen && trigger) setDismissed({ kind: trigger.kind, start: trigger.start });
                  else event.currentTarget.blur();
                }
              }}
              placeholder={placeholder}
              rows={3}
              aria-describedby={hintId}
              aria-invalid={replyTooLong || noteTooLong || undefined}
              aria-autocomplete="list"
              aria-controls={menuOpen ? menuId : undefined}
              aria-activedescendant={menuOpen && options.length > 0 ? `${menuId}-${options[highlighted]!.id}` : undefined}
              className={`block max-h-64 min-h-20 w-full resize-none rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-inset field-sizing-content disabled:bg-slate-50 ${
                note ? "bg-white ring-amber-300 focus:ring-amber-500" : "ring-slate-300 focus:ring-indigo-600"
              } aria-[invalid=true]:ring-rose-400`}
            />
            {menuOpen && trigger ? (
              <SuggestionMenu
                id={menuId}
                label={trigger.kind === "canned" ? "Canned replies" : "People who may see this case"}
                options={options}
                highlighted={highlighted}
                onChoose={choose}
                onHighlight={setActive}
                empty={
                  trigger.kind === "canned"
                    ? canned.isPending
                      ? "Loading canned replies…"
                      : canned.isError
                        ? "The canned replies could not be loaded."
                        : (canned.data?.length ?? 0) === 0
                          ? "This survey has no canned replies yet: admins add them in Admin > Surveys."
                          : "No canned reply has a name like that."
                    : ""
                }
              />
            ) : null}
          </div>
          {!note && media.attachment ? <AttachmentChip attachment={media.attachment} onRemove={media.remove} /> : null}
          {!note && media.refusal ? (
            <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
              {media.refusal}
            </p>
          ) : null}
          {!note && captionProblem ? <ErrorAlert>{captionProblem}</ErrorAlert> : null}
          {error ? <ErrorAlert>{error}</ErrorAlert> : null}
          {!note && askOutsideWindow ? <OutsideWindowQuestion lastInboundAt={askOutsideWindow.lastInboundAt} /> : null}
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
            {!note && canReply ? (
              <AttachButton channel={channel} onFile={media.attach} onRefused={() => media.setRefusal(SMS_REFUSAL)} disabled={sending} />
            ) : null}
            <p id={hintId} className="mr-auto text-xs text-slate-500">
              {note ? (
                noteTooLong ? (
                  <span className="font-medium text-rose-700">
                    {draft.text.trim().length} / {MAX_NOTE_LENGTH} characters: too long for a note.
                  </span>
                ) : (
                  "Notes stay in Caseline; people you @mention are told."
                )
              ) : (
                <span className={replyTooLong ? "font-medium text-rose-700" : ""} data-testid="composer-counter">
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
                disabled={submitDisabled}
                aria-keyshortcuts="Control+Enter Meta+Enter"
                className={`inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-semibold text-white shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed ${
                  note
                    ? "bg-amber-600 hover:bg-amber-500 focus-visible:outline-amber-600 disabled:bg-amber-300"
                    : "bg-indigo-600 hover:bg-indigo-500 focus-visible:outline-indigo-600 disabled:bg-indigo-300"
                }`}
              >
                {note ? (sending ? "Adding…" : "Add note") : sending ? "Sending…" : askOutsideWindow ? "Send anyway" : "Send"}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** The `/` or `@` list, above the field: focus stays in the field (arrows, Enter, Escape). */
function SuggestionMenu({
  id,
  label,
  options,
  highlighted,
  onChoose,
  onHighlight,
  empty,
}: {
  id: string;
  label: string;
  options: Option[];
  highlighted: number;
  onChoose: (option: Option) => void;
  onHighlight: (index: number) => void;
  empty: string;
}) {
  return (
    <div className="absolute inset-x-0 bottom-full z-20 mb-1 overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-slate-300">
      <p className="border-b border-slate-100 px-3 py-1.5 text-xs font-medium text-slate-500">
        {label} <span className="hidden font-normal sm:inline">· ↑↓ to choose, Enter to insert, Esc to close</span>
      </p>
      {options.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600" role="status">
          {empty}
        </p>
      ) : (
        <ul id={id} role="listbox" aria-label={label} className="max-h-56 overflow-y-auto py-1">
          {options.map((option, index) => (
            <li
              key={option.id}
              id={`${id}-${option.id}`}
              role="option"
              aria-selected={index === highlighted}
              // Chosen on mouse down, before the field loses focus (which closes the menu).
              onMouseDown={(event) => {
                event.preventDefault();
                onChoose(option);
              }}
              onMouseMove={() => onHighlight(index)}
              className={`cursor-pointer px-3 py-1.5 text-sm ${index === highlighted ? "bg-indigo-50 text-indigo-900" : "text-slate-800"}`}
            >
              <span className="block truncate font-medium">{option.label}</span>
              {option.detail ? <span className="block truncate text-xs text-slate-500">{option.detail}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ModeButton({
  pressed,
  onClick,
  disabled,
  title,
  shortcut,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  disabled?: boolean;
  title?: string;
  shortcut?: string;
  children: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      disabled={disabled}
      title={title}
      aria-keyshortcuts={shortcut}
      className={`-mb-px rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:text-slate-300 ${
        pressed ? "border-current text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"
      }`}
    >
      {children}
    </button>
  );
}
