"use client";

// Cases opened and closed per day (Recharts). A chart says nothing to a screen reader, so the
// figure carries a summary, and the same numbers are one click away as a table.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { shortDay } from "@/lib/reports/format";
import type { SurveyReport } from "@/lib/reports/survey-report";

const OPENED_COLOR = "#4f46e5"; // indigo-600
const CLOSED_COLOR = "#10b981"; // emerald-500

function summary(days: SurveyReport["days"]): string {
  const opened = days.reduce((n, d) => n + d.opened, 0);
  const closed = days.reduce((n, d) => n + d.closed, 0);
  const busiest = days.reduce((best, d) => (d.opened > best.opened ? d : best), days[0]!);
  return `${opened} cases opened and ${closed} closed over ${days.length} days; the most opened on ${busiest.date} (${busiest.opened}).`;
}

export function DailyChart({ days }: { days: SurveyReport["days"] }) {
  const data = days.map((d) => ({ ...d, label: shortDay(d.date) }));
  return (
    <figure aria-labelledby="per-day-title" aria-describedby="per-day-summary" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <figcaption>
        <h3 id="per-day-title" className="text-base font-semibold text-slate-900">
          Opened and closed per day
        </h3>
        <p id="per-day-summary" className="text-sm text-slate-600">
          {summary(days)}
        </p>
      </figcaption>
      <div className="mt-4 h-64 sm:h-72" data-testid="daily-chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -20 }} barGap={1}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} minTickGap={12} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} labelFormatter={(_, payload) => payload?.[0]?.payload?.date ?? ""} />
            {/* Opened first, as the bars stand (the default sorts by name). */}
            <Legend iconType="square" wrapperStyle={{ fontSize: 13 }} itemSorter={(item) => (item.dataKey === "opened" ? 0 : 1)} />
            <Bar dataKey="opened" name="Opened" fill={OPENED_COLOR} radius={[3, 3, 0, 0]} maxBarSize={28} />
            <Bar dataKey="closed" name="Closed" fill={CLOSED_COLOR} radius={[3, 3, 0, 0]} maxBarSize={28} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer rounded font-medium text-indigo-700 hover:text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
          Show as a table
        </summary>
        <div className="mt-2 max-h-80 overflow-auto">
          <table className="w-full text-left" data-testid="daily-table">
            <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  Day
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Opened
                </th>
                <th scope="col" className="px-3 py-2 text-right font-semibold">
                  Closed
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {days.map((d) => (
                <tr key={d.date}>
                  <th scope="row" className="px-3 py-1.5 font-normal text-slate-700">
                    {d.date}
                  </th>
                  <td className="px-3 py-1.5 text-right tabular-nums">{d.opened}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{d.closed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
