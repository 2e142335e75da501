// The report per assignee: who holds the cases opened and closed in the range, and how fast
// they first answered. Scrolls sideways on a narrow screen rather than squeezing the numbers.
import { formatDuration } from "@/lib/reports/format";
import type { SurveyReport } from "@/lib/reports/survey-report";

export function AssigneeTable({ rows }: { rows: SurveyReport["byAssignee"] }) {
  return (
    <section aria-labelledby="by-assignee" className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <h3 id="by-assignee" className="px-4 pt-4 text-base font-semibold text-slate-900">
        By assignee
      </h3>
      <p className="px-4 text-sm text-slate-600">Cases opened and closed in these days, by who holds them now.</p>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">No case was opened or closed in these days.</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full min-w-[21rem] text-left text-sm" data-testid="assignee-table">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 sm:px-4 font-semibold">
                  Assignee
                </th>
                <th scope="col" className="px-3 py-2 sm:px-4 text-right font-semibold">
                  Opened
                </th>
                <th scope="col" className="px-3 py-2 sm:px-4 text-right font-semibold">
                  Closed
                </th>
                <th scope="col" className="px-3 py-2 sm:px-4 text-right font-semibold">
                  <span className="sm:hidden">1st reply</span>
                  <span className="hidden sm:inline">First response,</span> median
                </th>
                <th scope="col" className="px-3 py-2 sm:px-4 text-right font-semibold">
                  <abbr title="90th percentile of the first response" className="no-underline sm:hidden">p90</abbr>
                  <span className="hidden sm:inline">90th percentile</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.userId ?? "unassigned"}>
                  <th scope="row" className={`px-3 py-2.5 sm:px-4 font-medium ${row.userId === null ? "text-slate-500 italic" : "text-slate-900"}`}>
                    {row.name}
                  </th>
                  <td className="px-3 py-2.5 sm:px-4 text-right tabular-nums">{row.assigned.toLocaleString("en")}</td>
                  <td className="px-3 py-2.5 sm:px-4 text-right tabular-nums">{row.closed.toLocaleString("en")}</td>
                  <td className="px-3 py-2.5 sm:px-4 text-right tabular-nums">{formatDuration(row.firstResponse.medianSeconds)}</td>
                  <td className="px-3 py-2.5 sm:px-4 text-right tabular-nums">{formatDuration(row.firstResponse.p90Seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
