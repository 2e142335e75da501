// The report's headline numbers: totals of the range, and the two durations (median with p90).
import { formatDuration } from "@/lib/reports/format";
import type { Durations, SurveyReport } from "@/lib/reports/survey-report";

function Card({ label, value, detail, testId }: { label: string; value: string; detail?: string; testId: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
      {detail ? <dd className="mt-0.5 text-xs text-slate-500">{detail}</dd> : null}
    </div>
  );
}

const p90 = (d: Durations) => (d.p90Seconds === null ? "no cases to measure" : `90 % within ${formatDuration(d.p90Seconds)}`);
const count = (n: number) => n.toLocaleString("en");

export function FigureCards({ report }: { report: SurveyReport }) {
  const opened = report.days.reduce((n, d) => n + d.opened, 0);
  const closed = report.days.reduce((n, d) => n + d.closed, 0);
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      <Card label="Opened" value={count(opened)} detail="cases created" testId="figure-opened" />
      <Card label="Closed" value={count(closed)} detail="cases closed" testId="figure-closed" />
      <Card label="First response" value={formatDuration(report.firstResponse.medianSeconds)} detail={`median; ${p90(report.firstResponse)}`} testId="figure-first-response" />
      <Card label="Resolution" value={formatDuration(report.resolution.medianSeconds)} detail={`median; ${p90(report.resolution)}`} testId="figure-resolution" />
      <Card label="Messages in" value={count(report.messages.inbound)} detail="from people" testId="figure-inbound" />
      <Card label="Messages out" value={count(report.messages.outbound)} detail="replies and automatic" testId="figure-outbound" />
    </dl>
  );
}
