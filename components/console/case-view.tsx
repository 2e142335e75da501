"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail, ThreadMessage } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";
import { caseKeys, caseQuery } from "@/components/console/query-options";
import type { CaseNoteEntry } from "@/lib/notes/note-entry";
import type { SurveyForm } from "@/lib/surveys/queries";
import { AssignControl } from "./assign-control";
import { CaseLink } from "./case-links";
import { Composer, type ComposerHandle } from "./composer";
import { LiveIndicator } from "./live-indicator";
import { MoveDialog } from "./move-dialog";
import { OptedOutBadge } from "./opted-out";
import { ResponseDue } from "./response-due";
import { PersonPanel } from "./person-panel";
import { Thread, type PendingReply } from "./thread";
import type { LiveState } from "./use-live-updates";

type Pending = PendingReply & { messageId?: number; newestKnownId: number };

/**
 * One case: its conversation with the composer under it, and its details beside. `page` is
 * the case's own page (/console/cases/123); `pane` is the workspace's split view, where the
 * conversation and the details scroll on their own and the page does not.
 */
export function CaseView({
  caseId,
  form,
  currentUserId,
  variant = "page",
  live,
  composerRef,
  back,
}: {
  caseId: number;
  form: SurveyForm;
  currentUserId: number;
  variant?: "page" | "pane";
  /** Shown in the header of the case's own page; the workspace shows its own. */
  live?: LiveState;
  composerRef?: Ref<ComposerHandle>;
  /** The way back to the list, at phone width in the workspace. */
  back?: ReactNode;
}) {
  const queryClient = useQueryClient();
  const { data, error } = useQuery(caseQuery(caseId));
  const [moving, setMoving] = useState<ThreadMessage | null>(null);
  const [moved, setMoved] = useState<{ newCaseId: number; reference: string } | null>(null);
  const [pending, setPending] = useState<Pending[]>([]);
  const statusQuestion = form.questions.find((q) => q.name === form.statusQuestionName);
  const statusLabels = Object.fromEntries((statusQuestion?.choices ?? []).map((c) => [c.value, c.label]));
  const pane = variant === "pane";

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    void queryClient.invalidateQueries({ queryKey: caseKeys.lists });
  }, [queryClient, caseId]);

  const onMoved = useCallback(
    (result: { newCaseId: number; reference: string }) => {
      setMoving(null);
      setMoved(result);
      refresh();
    },
    [refresh],
  );

  // An optimistic entry goes once the case holds the real message: by the id the server
  // answered, or — when the live update arrives before that answer — as a newer outbound
  // message with the same text.
  const messages = data?.messages;
  const shownPending = pending.filter((p) => !messages?.some((m) => isTheReply(m, p)));

  const onPending = useCallback(
    (reply: PendingReply) => {
      const newestKnownId = Math.max(0, ...(messages ?? []).map((m) => m.id));
      setPending((list) => [...list.filter((p) => p.key !== reply.key), { ...reply, newestKnownId }]);
    },
    [messages],
  );
  const onSettled = useCallback(
    (key: string, messageId: number | null) => {
      setPending((list) => (messageId === null ? list.filter((p) => p.key !== key) : list.map((p) => (p.key === key ? { ...p, messageId } : p))));
      if (messageId !== null) refresh();
    },
    [refresh],
  );

  const onNoteAdded = useCallback(
    (note: CaseNoteEntry) => {
      // Shown at once from the action's answer; the refetch brings anything else that changed.
      queryClient.setQueryData<CaseDetail>(caseKeys.detail(caseId), (current) =>
        current && !current.threadNotes.some((n) => n.id === note.id) ? { ...current, threadNotes: [...current.threadNotes, note] } : current,
      );
      refresh();
    },
    [queryClient, caseId, refresh],
  );

  // In the split view the conversation opens at its newest message and follows new ones,
  // unless the reader has scrolled up to read.
  const scroller = useRef<HTMLElement>(null);
  const pinned = useRef(true);
  const entryCount = (data?.messages.length ?? 0) + (data?.events.length ?? 0) + (data?.threadNotes.length ?? 0) + shownPending.length;
  useLayoutEffect(() => {
    const el = scroller.current;
    if (pane && el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [pane, entryCount, caseId]);

  if (!data) {
    return error ? (
      <div role="alert" className="rounded-lg bg-white p-6 text-sm text-rose-700 shadow-sm ring-1 ring-slate-200">
        {back}
        <p className={back ? "mt-3" : ""}>This case could not be opened: {error.message}</p>
      </div>
    ) : (
      <CaseSkeleton pane={pane} />
    );
  }
  const detail = data;
  const Title = pane ? "h2" : "h1";

  const header = (
    <div className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-start sm:justify-between">
      <div className="min-w-0">
        {back}
        <p className="text-sm text-slate-500">
          <Link href={`/console?survey=${detail.surveyId}`} className="hover:text-slate-700">
            {form.name}
          </Link>{" "}
          · <span data-testid="case-reference">{detail.reference}</span>
        </p>
        <Title className={`mt-1 wrap-anywhere font-semibold text-slate-900 ${pane ? "text-lg" : "text-xl"}`} tabIndex={-1} data-case-title>
          <bdi>{showDirectionControls(detail.title) || "Untitled"}</bdi>
        </Title>
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>{formatNumber(detail.theirNumber)}</span>
          <Badge tone={detail.channel === "whatsapp" ? "green" : "slate"}>{channelLabel(detail.channel)}</Badge>
          {detail.status ? <Badge tone={detail.open ? "indigo" : "slate"}>{statusLabels[detail.status] ?? detail.status}</Badge> : null}
          <Badge tone={detail.open ? "green" : "slate"}>{detail.open ? "Open" : "Closed"}</Badge>
          {detail.whatsappWindow ? <WhatsAppWindowBadge state={detail.whatsappWindow} /> : null}
          {detail.optedOut ? <OptedOutBadge optedOut={detail.optedOut} /> : null}
          {detail.responseDueAt ? <ResponseDue dueAt={detail.responseDueAt} kind={detail.responseDueKind} /> : null}
        </div>
      </div>
      <div className="flex flex-none items-center gap-3">
        {live ? <LiveIndicator state={live} /> : null}
        <Link href={`/console/cases/${detail.id}/edit`} className={buttonClasses("primary")}>
          Edit
        </Link>
      </div>
    </div>
  );

  const banners = (
    <>
      {moved ? (
        <div role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          The message was moved to a new case:{" "}
          <CaseLink caseId={moved.newCaseId} surveyId={detail.surveyId} className="font-semibold underline">
            {moved.reference}
          </CaseLink>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-rose-700">
          Could not refresh this case: {error.message}
        </p>
      ) : null}
    </>
  );

  const conversation = (
    <section
      ref={scroller}
      aria-label="Messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
      // In the split view it scrolls on its own: focusable, so the keyboard can scroll it.
      tabIndex={pane ? 0 : undefined}
      className={`min-w-0 rounded-lg bg-slate-100/60 p-3 ring-1 ring-slate-200 sm:p-4 ${
        pane ? "focus-visible:outline-2 focus-visible:outline-indigo-600 lg:min-h-0 lg:flex-1 lg:overflow-y-auto" : ""
      }`}
    >
      <p className="mb-3 text-xs text-slate-500">Click a message from the person to move it to a case of its own.</p>
      <Thread
        caseId={detail.id}
        messages={detail.messages}
        events={detail.events}
        notes={detail.threadNotes}
        statusLabels={statusLabels}
        onInboundClick={setMoving}
        pending={shownPending}
      />
    </section>
  );

  const composer = (
    <Composer
      key={detail.id}
      ref={composerRef}
      id={detail.id}
      theirNumber={detail.theirNumber}
      ourNumber={detail.ourNumber}
      channel={detail.channel}
      whatsappWindow={detail.whatsappWindow}
      optedOut={detail.optedOut}
      surveyId={detail.surveyId}
      team={detail.team}
      onPending={onPending}
      onSettled={onSettled}
      onNoteAdded={onNoteAdded}
    />
  );

  const details = <CaseDetails detail={detail} form={form} currentUserId={currentUserId} />;

  return (
    <div className={pane ? "flex flex-col gap-4 lg:grid lg:h-full lg:min-h-0 lg:grid-cols-[minmax(0,1fr)_18rem] xl:grid-cols-[minmax(0,1fr)_20rem]" : "space-y-4"}>
      {pane ? (
        <>
          <div className="flex min-w-0 flex-col gap-3 lg:min-h-0">
            {header}
            {banners}
            {conversation}
            {composer}
          </div>
          <aside className="min-w-0 space-y-4 lg:min-h-0 lg:overflow-y-auto lg:pr-1" aria-label="Case details">
            {details}
          </aside>
        </>
      ) : (
        <>
          {header}
          {banners}
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
            <div className="min-w-0 space-y-3 lg:col-span-2">
              {conversation}
              {composer}
            </div>
            <aside className="min-w-0 space-y-4" aria-label="Case details">
              {details}
            </aside>
          </div>
        </>
      )}
      <MoveDialog caseId={detail.id} message={moving} onClose={() => setMoving(null)} onMoved={onMoved} />
    </div>
  );
}

function isTheReply(message: ThreadMessage, pending: Pending): boolean {
  if (pending.messageId !== undefined) return message.id === pending.messageId;
  return message.direction === "outbound" && message.id > pending.newestKnownId && (message.text ?? "") === pending.text;
}

/** The details pane: person, assignment, answers, the case's notes field, and its facts. */
function CaseDetails({ detail, form, currentUserId }: { detail: CaseDetail; form: SurveyForm; currentUserId: number }) {
  return (
    <>
      <PersonPanel detail={detail} />
      <section aria-label="Assignment" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <AssignControl caseId={detail.id} assignee={detail.assignee} team={detail.team} currentUserId={currentUserId} />
      </section>
      <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-900">Answers</h2>
        <dl className="mt-3 space-y-2 text-sm">
          {form.questions
            .filter((q) => q.type !== "note" && q.type !== "conversation")
            .map((q) => {
              const value = detail.answers[q.name];
              const shown =
                value === null || value === undefined || value === ""
                  ? "—"
                  : q.type === "select_one"
                    ? (q.choices.find((c) => c.value === value)?.label ?? String(value))
                    : String(value);
              return (
                <Row key={q.name} label={q.label}>
                  {shown}
                </Row>
              );
            })}
        </dl>
      </section>
      <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-900">Notes</h2>
        <p dir="auto" className="mt-2 whitespace-pre-wrap wrap-anywhere text-sm text-slate-700" data-testid="case-notes">
          {showDirectionControls(detail.notes) || <span className="text-slate-400">No notes.</span>}
        </p>
      </section>
      <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-sm font-semibold text-slate-900">Details</h2>
        <dl className="mt-3 space-y-2 text-sm">
          <Row label="Their number">{formatNumber(detail.theirNumber)}</Row>
          <Row label="Our number">{formatNumber(detail.ourNumber)}</Row>
          <Row label="Channel">{channelLabel(detail.channel)}</Row>
          <Row label="Created">
            <LocalTime iso={detail.createdAt} variant="full" />
          </Row>
          <Row label="Last activity">
            <LocalTime iso={detail.lastActivityAt} variant="full" />
          </Row>
        </dl>
        <p className="mt-3 text-xs text-slate-500">The case&apos;s history — status changes, edits, moves — is in the conversation, in time order.</p>
      </section>
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-right text-slate-900">{children}</dd>
    </div>
  );
}

export function CaseSkeleton({ pane = false }: { pane?: boolean }) {
  return (
    <div aria-label="Loading the case" role="status" className={`animate-pulse space-y-4 ${pane ? "lg:h-full" : ""}`}>
      <span className="sr-only">Loading the case…</span>
      <div className="space-y-2 rounded-lg bg-white p-4 ring-1 ring-slate-200">
        <div className="h-3 w-32 rounded bg-slate-100" />
        <div className="h-5 w-2/3 rounded bg-slate-100" />
        <div className="h-4 w-48 rounded bg-slate-100" />
      </div>
      <div className="space-y-3 rounded-lg bg-slate-100/60 p-4 ring-1 ring-slate-200">
        <div className="h-10 w-2/3 rounded-2xl bg-white" />
        <div className="ml-auto h-10 w-1/2 rounded-2xl bg-indigo-100" />
        <div className="h-10 w-3/5 rounded-2xl bg-white" />
      </div>
    </div>
  );
}

/** SPEC §4: whether WhatsApp will take free text now (24 hours from the person's last message). */
function WhatsAppWindowBadge({ state }: { state: NonNullable<CaseDetail["whatsappWindow"]> }) {
  return state.open && state.closesAt ? (
    <span className="inline-flex items-center gap-1 text-xs text-emerald-700" data-testid="whatsapp-window">
      WhatsApp window open until <LocalTime iso={state.closesAt} variant="full" />
    </span>
  ) : (
    <span
      className="text-xs text-amber-700"
      data-testid="whatsapp-window"
      title="WhatsApp only allows free text within 24 hours of the person's last message"
    >
      WhatsApp window closed
    </span>
  );
}
