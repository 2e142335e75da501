// The report per assignee: who holds the cases opened and closed in the range, and how fast
// they first answered. On a phone the 90th percentile goes under the median, so it fits.
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
        <div className="mt-3 overflow-x-auto" data-testid="assignee-scroll">
          <table className="w-full text-left text-sm" data-testid="assignee-table">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold sm:px-4">
                  Assignee
                </th>
                <th scope="col" className="px-2 py-2 text-right font-semibold sm:px-4">
                  Opened
                </th>
                <th scope="col" className="px-2 py-2 text-right font-semibold sm:px-4">
                  Closed
                </th>
                <th scope="col" className="px-2 py-2 text-right font-semibold sm:px-4">
                  First response, median
                </th>
                <th scope="col" className="hidden px-3 py-2 text-right font-semibold sm:table-cell sm:px-4">
                  90th percentile
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.userId ?? "unassigned"}>
                  <th scope="row" className={`px-3 py-2.5 font-medium sm:px-4 ${row.userId === null ? "text-slate-500 italic" : "text-slate-900"}`}>
                    {row.name}
                  </th>
                  <td className="px-2 py-2.5 text-right tabular-nums sm:px-4">{row.assigned.toLocaleString("en")}</td>
                  <td className="px-2 py-2.5 text-right tabular-nums sm:px-4">{row.closed.toLocaleString("en")}</td>
                  <td className="px-2 py-2.5 text-right tabular-nums sm:px-4">
                    <span className="whitespace-nowrap">{formatDuration(row.firstResponse.medianSeconds)}</span>
                    {/* On a phone the 90th percentile sits under the median rather than in a column of its own. */}
                    <span className="block whitespace-nowrap text-xs text-slate-500 sm:hidden">p90 {formatDuration(row.firstResponse.p90Seconds)}</span>
                  </td>
                  <td className="hidden px-3 py-2.5 text-right tabular-nums sm:table-cell sm:px-4">{formatDuration(row.firstResponse.p90Seconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
