import type { Metadata } from "next";
import { DeleteLinkForm, LinkForm } from "@/components/admin/link-form";
import { OptOutList } from "@/components/admin/opt-out-list";
import { ProcessAgainForm } from "@/components/admin/process-again-form";
import { UsersTabs } from "@/components/admin/users-tabs";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { channelLabel, formatNumber } from "@/lib/display/format";
import { hoursSummary } from "@/lib/business-hours/summary";
import { timeZoneNames } from "@/lib/business-hours/time-zone";
import { listLinks } from "@/lib/numbers/links";
import { listAllSurveys } from "@/lib/surveys/queries";
import { countUnroutedByNumber, listProblemEvents } from "@/lib/inbound/event-log";
import { isAppError } from "@/lib/http/app-error";
import { listOptOuts } from "@/lib/optout/list-opt-outs";

export const metadata: Metadata = { title: "Conversations" };

const PROBLEM_LABEL = { unrouted: "Unrouted", invalid: "Not understood", failed: "Failed, Vonage retries" } as const;

type Search = { number?: string; routed?: string; waiting?: string; optOutNumber?: string; optOutCursor?: string };

const text = (value: unknown, max: number) => (typeof value === "string" ? value.slice(0, max) : "");

export default async function ConversationsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const processed = await searchParams;
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/users/conversations");
  const optOutSearch = text(processed.optOutNumber, 40).trim();
  const optOutCursor = text(processed.optOutCursor, 500);
  const [links, surveys, problems, waiting, optOuts] = await Promise.all([
    listLinks(actor),
    listAllSurveys(actor),
    listProblemEvents(actor, { limit: 100 }),
    // Exact per number, so a number's Process again never hides behind the newest 100 problems.
    countUnroutedByNumber(actor),
    // A cursor that is not one (an edited address) shows the first page.
    listOptOuts(actor, { number: optOutSearch, cursor: optOutCursor || undefined }).catch((error: unknown) => {
      if (isAppError(error) && error.code === "bad_request") return listOptOuts(actor, { number: optOutSearch });
      throw error;
    }),
  ]);
  const timeZones = timeZoneNames();
  const linked = new Set(links.map((l) => l.ourNumber));
  const waitingForLinked = [...waiting].filter(([number]) => linked.has(number));

  return (
    <>
      <PageHeader title="Users" description="Your SMS and WhatsApp numbers, and the survey each one feeds." />
      <UsersTabs current="conversations" />
      <div className="space-y-6">
        <section aria-label="Numbers" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">Numbers</h2>
          {links.length === 0 ? (
            <div className="p-4">
              <EmptyState title="No numbers linked yet">Link your Vonage number to the survey that should receive its messages.</EmptyState>
            </div>
          ) : (
            <ul className="divide-y divide-slate-100">
              {links.map((link) => (
                <li key={link.id} className="px-4 py-3" data-testid="link-row">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-slate-900">{formatNumber(link.ourNumber)}</span>
                    <Badge tone={link.channel === "whatsapp" ? "green" : "slate"}>{channelLabel(link.channel)}</Badge>
                    <span className="text-sm text-slate-600">→ {link.surveyName}</span>
                    {link.description ? <span className="text-sm text-slate-500">· {link.description}</span> : null}
                  </div>
                  {link.multiCaseReply ? <p className="mt-1 line-clamp-2 text-sm text-slate-500">Reply: {link.multiCaseReply}</p> : null}
                  {link.channel === "sms" && link.optOutConfirmation ? (
                    <p className="mt-1 line-clamp-2 text-sm text-slate-500">After STOP: {link.optOutConfirmation}</p>
                  ) : null}
                  {link.channel === "sms" && link.helpText ? <p className="mt-1 line-clamp-2 text-sm text-slate-500">HELP: {link.helpText}</p> : null}
                  {link.timeZone ? (
                    <p className="mt-1 line-clamp-2 text-sm text-slate-500" data-testid="link-hours">
                      Hours ({link.timeZone.replaceAll("_", " ")}): {hoursSummary(link.businessHours)}
                      {link.outOfHoursReply ? ` · Out of hours: ${link.outOfHoursReply}` : ""}
                    </p>
                  ) : null}
                  <details className="mt-2">
                    <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit or delete</summary>
                    <div className="mt-3 space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200">
                      <LinkForm link={link} surveys={surveys} timeZones={timeZones} />
                      <DeleteLinkForm link={link} />
                    </div>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-label="Link a number" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">Link a number</h2>
          {surveys.length === 0 ? (
            <p className="text-sm text-slate-600">Create a survey first (Admin &gt; Surveys).</p>
          ) : (
            <LinkForm surveys={surveys} timeZones={timeZones} />
          )}
        </section>

        <OptOutList items={optOuts.items} nextCursor={optOuts.nextCursor} search={optOutSearch} paged={Boolean(optOutCursor)} />

        <section aria-label="Unrouted and failed messages" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">Unrouted and failed messages</h2>
          {processed.number && /^\d+$/.test(processed.routed ?? "") ? (
            <p role="status" className="border-b border-slate-100 bg-emerald-50 px-4 py-3 text-sm text-emerald-800">
              {processed.routed} message{processed.routed === "1" ? "" : "s"} to {formatNumber(processed.number)} routed
              {Number(processed.waiting) > 0 ? `, ${processed.waiting} could not be` : ""}.
            </p>
          ) : null}
          {waitingForLinked.map(([number, count]) => (
            <div key={number} className="border-b border-slate-100 bg-amber-50 px-4 py-3">
              <ProcessAgainForm ourNumber={number} waiting={count} />
            </div>
          ))}
          {problems.length === 0 ? (
            <p className="px-4 py-6 text-center text-sm text-slate-500">Nothing here: every message reached a survey.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {problems.map((e) => (
                <li key={e.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-start sm:gap-4">
                  <LocalTime iso={e.receivedAt} variant="full" className="w-44 flex-none text-slate-500" />
                  <span className="w-40 flex-none text-slate-700">
                    {e.ourNumber ? `to ${formatNumber(e.ourNumber)}` : "—"}
                    {e.theirNumber ? <span className="block text-slate-500">from {formatNumber(e.theirNumber)}</span> : null}
                  </span>
                  <span className="min-w-0 flex-1">
                    <Badge tone={e.outcome === "unrouted" ? "amber" : "rose"}>{PROBLEM_LABEL[e.outcome]}</Badge>{" "}
                    <span className="break-words text-slate-800">{e.text ?? e.reason}</span>
                    {e.text && e.reason ? <span className="block text-xs text-slate-500">{e.reason}</span> : null}
                  </span>
                  <a href={`/api/admin/webhook-events/${e.id}`} target="_blank" rel="noopener" className="flex-none text-indigo-700 hover:text-indigo-600">
                    Raw payload
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
