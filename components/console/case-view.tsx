"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail, ThreadMessage } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";
import { caseKeys, caseQuery } from "@/components/console/query-options";
import type { SurveyForm } from "@/lib/surveys/queries";
import { AssignControl } from "./assign-control";
import { LiveIndicator } from "./live-indicator";
import { MoveDialog } from "./move-dialog";
import { Thread } from "./thread";
import { useLiveUpdates } from "./use-live-updates";

export function CaseView({ caseId, form, currentUserId }: { caseId: number; form: SurveyForm; currentUserId: number }) {
  const queryClient = useQueryClient();
  const live = useLiveUpdates();
  const { data, error } = useQuery(caseQuery(caseId));
  const [moving, setMoving] = useState<ThreadMessage | null>(null);
  const [moved, setMoved] = useState<{ newCaseId: number; reference: string } | null>(null);
  const statusQuestion = form.questions.find((q) => q.name === form.statusQuestionName);
  const statusLabels = Object.fromEntries((statusQuestion?.choices ?? []).map((c) => [c.value, c.label]));

  const onMoved = useCallback(
    (result: { newCaseId: number; reference: string }) => {
      setMoving(null);
      setMoved(result);
      void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
      void queryClient.invalidateQueries({ queryKey: caseKeys.lists });
    },
    [queryClient, caseId],
  );

  if (!data) return <p className="text-sm text-slate-500">Loading the case…</p>;
  const detail = data;

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-sm text-slate-500">
            <Link href={`/console?survey=${detail.surveyId}`} className="hover:text-slate-700">
              {form.name}
            </Link>{" "}
            · <span data-testid="case-reference">{detail.reference}</span>
          </p>
          <h1 className="mt-1 wrap-anywhere text-xl font-semibold text-slate-900">
            <bdi>{showDirectionControls(detail.title) || "Untitled"}</bdi>
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <span>{formatNumber(detail.theirNumber)}</span>
            <Badge tone={detail.channel === "whatsapp" ? "green" : "slate"}>{channelLabel(detail.channel)}</Badge>
            {detail.status ? <Badge tone={detail.open ? "indigo" : "slate"}>{statusLabels[detail.status] ?? detail.status}</Badge> : null}
            <Badge tone={detail.open ? "green" : "slate"}>{detail.open ? "Open" : "Closed"}</Badge>
            {detail.whatsappWindow ? <WhatsAppWindowBadge state={detail.whatsappWindow} /> : null}
          </div>
          <div className="mt-3">
            <AssignControl caseId={detail.id} assignee={detail.assignee} team={detail.team} currentUserId={currentUserId} />
          </div>
        </div>
        <div className="flex flex-none items-center gap-3">
          <LiveIndicator state={live} />
          <Link href={`/console/cases/${detail.id}/edit`} className={buttonClasses("primary")}>
            Edit
          </Link>
        </div>
      </div>

      {moved ? (
        <div role="status" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          The message was moved to a new case:{" "}
          <Link href={`/console/cases/${moved.newCaseId}`} className="font-semibold underline">
            {moved.reference}
          </Link>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-rose-700">
          Could not refresh this case: {error.message}
        </p>
      ) : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <section aria-label="Messages" className="min-w-0 rounded-lg bg-slate-100/60 p-3 ring-1 ring-slate-200 sm:p-4 lg:col-span-2">
          <p className="mb-3 text-xs text-slate-500">Click a message from the person to move it to a case of its own.</p>
          <Thread
            caseId={detail.id}
            messages={detail.messages}
            events={detail.events}
            notes={detail.threadNotes}
            statusLabels={statusLabels}
            onInboundClick={setMoving}
          />
        </section>
        <aside className="min-w-0 space-y-4" aria-label="Case details">
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
        </aside>
      </div>

      <MoveDialog caseId={detail.id} message={moving} onClose={() => setMoving(null)} onMoved={onMoved} />
    </div>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-right text-slate-900">{children}</dd>
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
