"use client";

// Reports (SPEC §14): the filters (a GET form, so a report is a link), then the report of the
// chosen survey and days in the chosen time zone — the browser's own unless another is picked.
// The numbers come from /api/reports, the same lib function as GET /api/v1/reports.
import { useQuery } from "@tanstack/react-query";
import Form from "next/form";
import { useMemo, useSyncExternalStore } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, inputClasses } from "@/components/ui/field";
import { lastThirtyDays } from "@/lib/reports/format";
import type { SurveyReport } from "@/lib/reports/survey-report";
import { AssigneeTable } from "./assignee-table";
import { DailyChart } from "./daily-chart";
import { ExportLinks } from "./export-links";
import { FigureCards } from "./figure-cards";

export type ReportFilterValues = { surveyId: string; from: string; to: string; tz: string };
type SurveyOption = { id: number; name: string };

const MAX_DAYS = 366;
const subscribe = () => () => {};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body;
}

/** The problems the browser can tell at once, beside their field (the server checks them all again). */
function checkFilters(f: ReportFilterValues): Partial<Record<keyof ReportFilterValues, string>> {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(f.from)) return { from: "Choose the first day." };
  if (!day.test(f.to)) return { to: "Choose the last day." };
  if (f.from > f.to) return { to: "The last day cannot be before the first." };
  if ((Date.parse(f.to) - Date.parse(f.from)) / 86_400_000 + 1 > MAX_DAYS) return { to: `A report covers at most ${MAX_DAYS} days.` };
  return {};
}

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...all])].sort((a, b) => (a === "UTC" ? -1 : b === "UTC" ? 1 : a.localeCompare(b)));
}

export function ReportView({ surveys, initial }: { surveys: SurveyOption[]; initial: ReportFilterValues }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  // What the URL leaves out, the browser fills in: its time zone, the last 30 days, the first survey.
  const filters = useMemo<ReportFilterValues>(() => {
    const tz = initial.tz || (inBrowser ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC");
    const defaults = lastThirtyDays(tz);
    return {
      surveyId: initial.surveyId || String(surveys[0]?.id ?? ""),
      from: initial.from || defaults.from,
      to: initial.to || defaults.to,
      tz,
    };
  }, [initial, inBrowser, surveys]);
  const errors = checkFilters(filters);
  const valid = Object.keys(errors).length === 0;
  const query = new URLSearchParams(filters).toString();
  const survey = surveys.find((s) => String(s.id) === filters.surveyId);

  const report = useQuery({
    queryKey: ["report", query],
    enabled: inBrowser && valid && surveys.length > 0,
    queryFn: () => getJson<SurveyReport>(`/api/reports?${query}`),
  });

  if (surveys.length === 0) {
    return (
      <EmptyState title="No surveys to report on">
        You have not been given access to a survey yet. An admin can give you access in Admin &gt; Users.
      </EmptyState>
    );
  }

  return (
    <div className="space-y-6">
      {inBrowser ? (
        <Form
          key={query}
          action="/reports"
          aria-label="Report filters"
          className="grid grid-cols-1 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_2fr_auto] lg:items-end"
        >
          <Field label="Survey" name="surveyId">
            {(props) => (
              <select {...props} defaultValue={filters.surveyId} className={inputClasses}>
                {surveys.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="From" name="from" error={errors.from}>
            {(props) => <input {...props} type="date" required defaultValue={filters.from} className={inputClasses} />}
          </Field>
          <Field label="To" name="to" error={errors.to}>
            {(props) => <input {...props} type="date" required defaultValue={filters.to} className={inputClasses} />}
          </Field>
          <Field label="Time zone" name="tz">
            {(props) => (
              <select {...props} defaultValue={filters.tz} className={inputClasses}>
                {timeZones(filters.tz).map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll("_", " ")}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" className="sm:col-span-2 lg:col-span-1">
            Show report
          </Button>
        </Form>
      ) : (
        <div className="h-36 animate-pulse rounded-lg bg-white shadow-sm ring-1 ring-slate-200 lg:h-20" aria-hidden="true" />
      )}

      {valid && survey && inBrowser ? (
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
          <h2 className="text-lg font-semibold text-slate-900">
            {survey.name}
            <span className="ml-2 text-sm font-normal text-slate-500">
              {filters.from} to {filters.to} · {filters.tz.replaceAll("_", " ")}
            </span>
          </h2>
          <ExportLinks surveyId={filters.surveyId} from={filters.from} to={filters.to} tz={filters.tz} />
        </div>
      ) : null}

      {report.isError ? <ErrorAlert>The report could not be loaded: {report.error.message}</ErrorAlert> : null}

      {!inBrowser || (valid && report.isPending) ? (
        <div aria-busy="true" className="space-y-4">
          <p className="text-sm text-slate-600" role="status">
            Loading the report…
          </p>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-hidden="true">
            {Array.from({ length: 6 }, (_, i) => (
              <div key={i} className="h-24 animate-pulse rounded-lg bg-white shadow-sm ring-1 ring-slate-200" />
            ))}
          </div>
          <div className="h-72 animate-pulse rounded-lg bg-white shadow-sm ring-1 ring-slate-200" aria-hidden="true" />
        </div>
      ) : null}

      {report.data ? <ReportBody report={report.data} /> : null}
    </div>
  );
}

function ReportBody({ report }: { report: SurveyReport }) {
  const quiet = report.days.every((d) => d.opened === 0 && d.closed === 0) && report.messages.inbound + report.messages.outbound === 0;
  if (quiet) {
    return (
      <EmptyState title="Nothing happened in these days">
        No case was opened or closed and no message came or went. Try a longer range or another survey.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-6" data-testid="report">
      <FigureCards report={report} />
      <DailyChart days={report.days} />
      <AssigneeTable rows={report.byAssignee} />
    </div>
  );
}
