"use client";

import { describeAssignment } from "@/lib/cases/assign-rules";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseHistoryEvent, ThreadMessage } from "@/lib/cases/read-queries";
import { STATUS_LABELS, automaticLabel, channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";
import { isFailed } from "@/lib/messages/status-order";
import { splitMentions } from "@/lib/notes/mentions";
import type { CaseNoteEntry } from "@/lib/notes/note-entry";
import { describeDeliveryError } from "@/lib/outbound/delivery-errors";
import { autoClosedText } from "@/lib/service-levels/rules";
import { MessageAttachment } from "./message-media";
import { RetryButton } from "./retry-button";

type Entry = { at: string; order: number; message?: ThreadMessage; event?: CaseHistoryEvent; note?: CaseNoteEntry };

/** A reply sent from the composer that the case does not show yet (optimistic, SPEC §9). */
/** `attachment`: the name of the file sent with it (SPEC §11); `text` is then its caption, maybe empty. */
export type PendingReply = { key: string; text: string; at: string; attachment?: string };

const SHOWN_EVENTS = new Set(["status_changed", "closed", "reopened", "edited", "moved_to", "moved_from", "reply_retried", "assigned", "opted_out", "opted_in", "auto_closed", "sla_breached"]);

/**
 * The conversation: inbound on the left, outbound on the right, the team's notes (never sent)
 * in amber on the right, history inline, by time.
 */
export function Thread({
  caseId,
  messages,
  events,
  notes = [],
  statusLabels,
  onInboundClick,
  pending = [],
}: {
  caseId: number;
  messages: ThreadMessage[];
  events: CaseHistoryEvent[];
  notes?: CaseNoteEntry[];
  statusLabels: Record<string, string>;
  onInboundClick?: (message: ThreadMessage) => void;
  /** Replies on their way: shown last, as queued, until the case holds them. */
  pending?: PendingReply[];
}) {
  // ISO times of one format (toISOString) compare as text.
  const entries: Entry[] = [
    ...messages.map((m, i) => ({ at: m.at, order: i, message: m })),
    ...notes.map((n, i) => ({ at: n.at, order: 50_000 + i, note: n })),
    ...events.filter((e) => SHOWN_EVENTS.has(e.type)).map((e, i) => ({ at: e.at, order: 100_000 + i, event: e })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);

  if (entries.length === 0 && pending.length === 0) {
    return <p className="px-4 py-10 text-center text-sm text-slate-500">No messages in this case.</p>;
  }

  return (
    <ol className="space-y-3" aria-label="Conversation">
      {entries.map((entry) =>
        entry.message ? (
          <MessageBubble key={`m${entry.message.id}`} caseId={caseId} message={entry.message} onClick={onInboundClick} />
        ) : entry.note ? (
          <NoteEntry key={`n${entry.note.id}`} note={entry.note} />
        ) : (
          <HistoryLine key={`e${entry.event!.id}`} event={entry.event!} statusLabels={statusLabels} />
        ),
      )}
      {pending.map((reply) => (
        <PendingBubble key={reply.key} reply={reply} />
      ))}
    </ol>
  );
}

function PendingBubble({ reply }: { reply: PendingReply }) {
  return (
    <li className="flex justify-end" data-testid="pending-message">
      <div className="flex min-w-0 max-w-[88%] flex-col items-end sm:max-w-[72%]">
        <div className="rounded-2xl rounded-br-sm bg-indigo-600/80 px-3.5 py-2 text-sm text-white shadow-sm">
          {reply.attachment ? (
            <p className="truncate font-medium" dir="auto">
              <span aria-hidden>📎 </span>
              {showDirectionControls(reply.attachment)}
            </p>
          ) : null}
          {reply.text ? (
            <p dir="auto" className="whitespace-pre-wrap wrap-anywhere">
              {showDirectionControls(reply.text)}
            </p>
          ) : null}
        </div>
        <p className="mt-1 flex items-center gap-x-2 px-1 text-xs text-slate-500">
          <LocalTime iso={reply.at} />
          <DeliveryStatus status="queued" />
        </p>
      </div>
    </li>
  );
}

/** The ticks of an outbound message: queued ◷, sent ✓, delivered ✓✓, read ✓✓ (blue). */
function DeliveryStatus({ status }: { status: ThreadMessage["status"] }) {
  const failed = isFailed(status);
  const mark = status === "queued" ? "◷" : status === "submitted" ? "✓" : status === "delivered" || status === "read" ? "✓✓" : "!";
  const tone = failed ? "font-medium text-rose-700" : status === "read" ? "text-sky-600" : "";
  return (
    <span className={`inline-flex items-center gap-1 ${tone}`} data-testid="delivery-status" data-status={status}>
      <span aria-hidden="true">{mark}</span>
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}

function MessageBubble({ caseId, message, onClick }: { caseId: number; message: ThreadMessage; onClick?: (message: ThreadMessage) => void }) {
  const inbound = message.direction === "inbound";
  const failed = isFailed(message.status);
  // A file, a player or a link is not put inside the bubble's button (no control inside a
  // control): such a message offers the move as a small button of its own instead.
  const interactive = Boolean(message.media && (message.media.url || message.media.sourceUrl));
  const body = (
    <>
      {/* A file first, its caption under it, as in the person's messaging app. */}
      {message.media?.url ? <MessageAttachment media={message.media} messageId={message.id} caseId={caseId} /> : null}
      {/* dir="auto" isolates each message's direction (a U+202E cannot reverse what follows it),
          and wrap-anywhere breaks even one unbroken 250 KB word inside the bubble. */}
      {message.text ? (
        <p dir="auto" className={`whitespace-pre-wrap wrap-anywhere ${message.media?.url ? "mt-1.5" : ""}`} data-testid="message-text">
          {showDirectionControls(message.text)}
        </p>
      ) : null}
      {message.media && !message.media.url ? <MessageAttachment media={message.media} messageId={message.id} caseId={caseId} /> : null}
    </>
  );
  return (
    <li className={`flex ${inbound ? "justify-start" : "justify-end"}`} data-testid="message" data-direction={message.direction}>
      <div className={`flex min-w-0 max-w-[88%] flex-col sm:max-w-[72%] ${inbound ? "items-start" : "items-end"}`}>
        {inbound && onClick && !interactive ? (
          <button
            type="button"
            onClick={() => onClick(message)}
            aria-haspopup="dialog"
            title="Move this message to a case of its own"
            className="rounded-2xl rounded-bl-sm bg-white px-3.5 py-2 text-left text-sm text-slate-900 shadow-sm ring-1 ring-slate-200 transition hover:ring-indigo-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            {body}
          </button>
        ) : (
          <div
            className={`rounded-2xl px-3.5 py-2 text-sm shadow-sm ${
              inbound
                ? "rounded-bl-sm bg-white text-slate-900 ring-1 ring-slate-200"
                : failed
                  ? "rounded-br-sm bg-rose-50 text-rose-900 ring-1 ring-rose-200"
                  : message.automatic
                    ? "rounded-br-sm bg-slate-100 text-slate-800 ring-1 ring-slate-200"
                    : "rounded-br-sm bg-indigo-600 text-white"
            }`}
          >
            {body}
          </div>
        )}
        <p className="mt-1 flex flex-wrap items-center gap-x-2 px-1 text-xs text-slate-500">
          {inbound && message.profileName ? <span>{message.profileName}</span> : null}
          {!inbound && message.sentBy ? <span>{message.sentBy.name}</span> : null}
          {message.automatic ? <span className="font-medium text-slate-600">{automaticLabel(message.automaticKind)}</span> : null}
          {message.template ? (
            <span className="font-medium text-slate-600" data-testid="message-template" title={`WhatsApp template ${message.template.name} (${message.template.locale})`}>
              Template {message.template.name}
            </span>
          ) : null}
          <LocalTime iso={message.at} />
          {message.channel === "mms" ? <span>{channelLabel(message.channel)}</span> : null}
          {!inbound ? <DeliveryStatus status={message.status} /> : null}
          {inbound && onClick && interactive ? (
            <button
              type="button"
              onClick={() => onClick(message)}
              aria-haspopup="dialog"
              className="rounded text-indigo-700 underline decoration-dotted underline-offset-2 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Move to its own case
            </button>
          ) : null}
        </p>
        {failed ? (
          <div className="mt-0.5 flex max-w-full flex-wrap items-center justify-end gap-2 px-1">
            <p className="text-xs text-rose-700" data-testid="delivery-error">
              {describeDeliveryError(message.error?.code ?? null, message.error?.detail ?? null)}
            </p>
            {!inbound ? <RetryButton messageId={message.id} caseId={caseId} /> : null}
          </div>
        ) : message.status === "queued" && message.error ? (
          // A send that failed and will be tried again (SPEC §4): say why it is still queued.
          <p className="mt-0.5 max-w-full px-1 text-xs text-amber-700">
            Retrying: {describeDeliveryError(message.error.code, message.error.detail)}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/**
 * A note (SPEC §9): for the team only, never sent — amber, labelled, with its author and
 * the users it mentions highlighted, and none of a message's delivery ticks.
 */
export function NoteEntry({ note }: { note: CaseNoteEntry }) {
  return (
    <li className="flex justify-end" data-testid="note">
      <div className="flex min-w-0 max-w-[88%] flex-col items-end sm:max-w-[72%]">
        <div className="w-full rounded-2xl rounded-br-sm bg-amber-50 px-3.5 py-2 text-sm text-amber-950 shadow-sm ring-1 ring-amber-300">
          <p className="mb-1 flex items-center gap-1.5 text-xs font-semibold uppercase tracking-wide text-amber-800">
            <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 fill-current">
              <path d="M3 1.5h7.5L14 5v9.5H3zM10 2v3.5h3.5" />
            </svg>
            <span>Note</span>
            <span className="font-normal normal-case tracking-normal text-amber-700">· only the team sees it</span>
          </p>
          <p dir="auto" className="whitespace-pre-wrap wrap-anywhere" data-testid="note-text">
            {splitMentions(note.text, note.mentions).map((part, i) =>
              part.users ? (
                <mark
                  key={i}
                  className="rounded bg-amber-200/80 px-0.5 font-medium text-amber-950"
                  data-testid="mention"
                  title={`Mentions ${part.users.map((u) => u.name).join(" and ")}`}
                >
                  {showDirectionControls(part.text)}
                </mark>
              ) : (
                <span key={i}>{showDirectionControls(part.text)}</span>
              ),
            )}
          </p>
        </div>
        <p className="mt-1 flex flex-wrap items-center justify-end gap-x-2 px-1 text-xs text-slate-500">
          <span>{note.author?.name ?? "Deleted user"}</span>
          <LocalTime iso={note.at} />
        </p>
      </div>
    </li>
  );
}

const keywordOf = (data: Record<string, unknown>) => (typeof data.keyword === "string" ? data.keyword : "a keyword");
const ourNumberOf = (data: Record<string, unknown>) => (typeof data.ourNumber === "string" ? formatNumber(data.ourNumber) : "this number");

function HistoryLine({ event, statusLabels }: { event: CaseHistoryEvent; statusLabels: Record<string, string> }) {
  const who = event.actor?.name ?? "Caseline";
  const label = (value: unknown) => (typeof value === "string" ? (statusLabels[value] ?? value) : "none");
  let text: string;
  switch (event.type) {
    case "status_changed":
      text = `${who} changed the status from ${label(event.data.from)} to ${label(event.data.to)}`;
      break;
    case "closed":
      text = "Case closed";
      break;
    case "reopened":
      text = "Case reopened";
      break;
    case "edited":
      text = `${who} edited ${Array.isArray(event.data.fields) ? event.data.fields.join(", ") : "the case"}`;
      break;
    case "moved_to":
      text = `${who} moved a message to #${String(event.data.caseId)}`;
      break;
    case "moved_from":
      text = `Moved here from #${String(event.data.caseId)} by ${who}`;
      break;
    case "reply_retried":
      text = `${who} sent a failed reply again`;
      break;
    case "assigned":
      text = describeAssignment(event.data, event.actor);
      break;
    case "opted_out":
      // SPEC §12: the person's own SMS did it, so no user is named.
      text = `The person texted ${keywordOf(event.data)}: opted out of messages from ${ourNumberOf(event.data)}`;
      break;
    case "opted_in":
      text = `The person texted ${keywordOf(event.data)}: opted back in to messages from ${ourNumberOf(event.data)}`;
      break;
    case "auto_closed":
      // SPEC §13: closing by time; the survey's setting did it, so no user is named.
      text = typeof event.data.days === "number" ? autoClosedText(event.data.days) : "Closed without activity";
      break;
    case "sla_breached":
      text = event.data.kind === "next_response" ? "Next response overdue: no reply in time" : "First response overdue: no reply in time";
      break;
    default:
      text = event.type;
  }
  const comment = typeof event.data.comment === "string" && event.data.comment ? event.data.comment : null;
  return (
    <li className="flex justify-center" data-testid="history-event">
      <p className="rounded-full bg-slate-100 px-3 py-1 text-center text-xs text-slate-600">
        {text}
        {comment ? (
          <span className="wrap-anywhere text-slate-500">
            {" "}
            — “<bdi>{showDirectionControls(comment)}</bdi>”
          </span>
        ) : null}{" "}
        · <LocalTime iso={event.at} />
      </p>
    </li>
  );
}
