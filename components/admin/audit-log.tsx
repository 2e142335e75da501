"use client";

// Admin > Audit: the filters (a GET form, so a filtered view is a link), the entries newest
// first with "Load more", and the CSV export of the same filter. Days are chosen in the
// browser's own time zone and sent as instants, so the list is read in the browser only.
import { useInfiniteQuery } from "@tanstack/react-query";
import Form from "next/form";
import Link from "next/link";
import { useMemo, useSyncExternalStore } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, inputClasses } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { dayRange } from "@/lib/audit/date-range";
import { describeAction, describeTarget, entryDetails } from "@/lib/audit/describe";
import type { AuditItem, AuditPage } from "@/lib/audit/queries";

export type AuditFilterValues = { userId: string; surveyId: string; caseId: string; fromDay: string; toDay: string };
type Option = { id: number; label: string };

const subscribe = () => () => {};
const MAX_VALUE = 300;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body;
}

/** The filter problems the browser can tell at once, beside their field. */
function checkFilters(f: AuditFilterValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (f.caseId && !/^#?\d{1,15}$/.test(f.caseId.trim())) errors.caseId = "Enter a case number, such as 123 or #123.";
  if (f.fromDay && f.toDay && f.fromDay > f.toDay) errors.toDay = "The last day cannot be before the first.";
  return errors;
}

function shorten(value: string): string {
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
}

export function AuditLog({ users, surveys, initial }: { users: Option[]; surveys: Option[]; initial: AuditFilterValues }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  const errors = checkFilters(initial);
  const valid = Object.keys(errors).length === 0;
  const userNames = useMemo(() => new Map(users.map((u) => [u.id, u.label])), [users]);

  // The API's query string: ids as they are, the days as instants of this browser's time zone.
  const query = useMemo(() => {
    const params = new URLSearchParams();
    if (initial.userId) params.set("userId", initial.userId);
    if (initial.surveyId) params.set("surveyId", initial.surveyId);
    if (initial.caseId.trim()) params.set("caseId", initial.caseId.trim().replace("#", ""));
    if (inBrowser) for (const [key, value] of Object.entries(dayRange(initial.fromDay, initial.toDay))) params.set(key, value);
    return params.toString();
  }, [initial, inBrowser]);

  const entries = useInfiniteQuery({
    queryKey: ["audit", query],
    enabled: inBrowser && valid,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => getJson<AuditPage>(`/api/admin/audit?${query}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(initial).some((v) => v.trim() !== "");

  return (
    <div className="space-y-4">
      <Form
        key={JSON.stringify(initial)}
        action="/admin/audit"
        aria-label="Filters"
        className="grid grid-cols-1 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-6 lg:items-end"
      >
        <Field label="User" name="userId">
          {(props) => (
            <select {...props} defaultValue={initial.userId} className={inputClasses}>
              <option value="">Everyone</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Survey" name="surveyId">
          {(props) => (
            <select {...props} defaultValue={initial.surveyId} className={inputClasses}>
              <option value="">All surveys</option>
              {surveys.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Case" name="caseId" error={errors.caseId}>
          {(props) => <input {...props} defaultValue={initial.caseId} inputMode="numeric" placeholder="#123" autoComplete="off" className={inputClasses} />}
        </Field>
        <Field label="From" name="from">
          {(props) => <input {...props} type="date" defaultValue={initial.fromDay} className={inputClasses} />}
        </Field>
        <Field label="To" name="to" error={errors.toDay}>
          {(props) => <input {...props} type="date" defaultValue={initial.toDay} className={inputClasses} />}
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit">Filter</Button>
          {filtered ? (
            <Link href="/admin/audit" className={buttonClasses("ghost")}>
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600" aria-live="polite">
          {entries.isPending && valid ? "Loading…" : `${items.length}${entries.hasNextPage ? "+" : ""} ${items.length === 1 ? "entry" : "entries"}`}
        </p>
        {valid && inBrowser ? (
          <a href={`/api/admin/audit/export?${query}`} download className={buttonClasses("secondary")}>
            Export CSV
          </a>
        ) : null}
      </div>

      {entries.isError ? <ErrorAlert>The audit log could not be loaded: {entries.error.message}</ErrorAlert> : null}

      {entries.isSuccess && items.length === 0 ? (
        <EmptyState title={filtered ? "No entries match these filters" : "Nothing recorded yet"}>
          {filtered ? "Try another user, survey, case or range of days." : "Changes to cases and admin actions appear here as they happen."}
        </EmptyState>
      ) : null}

      {items.length > 0 ? (
        <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm max-sm:block">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500 max-sm:hidden">
              <tr>
                <th scope="col" className="px-4 py-2 font-semibold">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Who
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  What
                </th>
                <th scope="col" className="px-4 py-2 font-semibold">
                  Before → after
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 max-sm:block">
              {items.map((item) => (
                <AuditRow key={item.id} item={item} userNames={userNames} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {entries.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
            {entries.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function Who({ item }: { item: AuditItem }) {
  if (!item.user) return <span className="text-slate-500">{item.token ? `Token “${item.token.name}”` : "System"}</span>;
  return (
    <span>
      <span className="font-medium text-slate-900">{item.user.name || item.user.email}</span>
      {item.user.name ? <span className="block text-xs text-slate-500">{item.user.email}</span> : null}
      {item.token ? <span className="block text-xs text-slate-500">via token “{item.token.name}”</span> : null}
    </span>
  );
}

function AuditRow({ item, userNames }: { item: AuditItem; userNames: ReadonlyMap<number, string> }) {
  const details = entryDetails(item.action, item.before, item.after);
  const target = describeTarget(item.target, userNames);
  return (
    <tr data-testid="audit-entry" className="align-top max-sm:block max-sm:px-4 max-sm:py-3">
      <td className="whitespace-nowrap px-4 py-3 text-slate-600 max-sm:block max-sm:p-0 max-sm:text-xs">
        <LocalTime iso={item.at} variant="full" />
      </td>
      <td className="px-4 py-3 max-sm:block max-sm:p-0 max-sm:pt-1">
        <Who item={item} />
      </td>
      <td className="px-4 py-3 max-sm:block max-sm:p-0 max-sm:pt-1">
        <span className="font-medium text-slate-900">{describeAction(item.action)}</span>
        <span className="block text-xs text-slate-500">
          {[
            item.survey ? (item.survey.name ?? `Survey ${item.survey.id}`) : null,
            target,
          ]
            .filter(Boolean)
            .join(" · ")}
          {item.caseId !== null ? (
            <>
              {item.survey || target ? " · " : null}
              <Link href={`/console/cases/${item.caseId}`} className="text-indigo-700 hover:underline">
                Case #{item.caseId}
              </Link>
            </>
          ) : null}
        </span>
      </td>
      <td className="px-4 py-3 max-sm:block max-sm:p-0 max-sm:pt-2">
        {details.kind === "text" ? (
          <ul className="space-y-0.5 text-slate-700">
            {details.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        ) : details.changes.length === 0 ? (
          <span className="text-slate-400">—</span>
        ) : (
          <dl className="space-y-1">
            {details.changes.map((c) => (
              <div key={c.field} className="break-words">
                <dt className="inline font-medium text-slate-700">{c.field}: </dt>
                <dd className="inline whitespace-pre-wrap text-slate-700">
                  {c.before !== null && c.after !== null ? (
                    <>
                      <del className="text-slate-500">{shorten(c.before)}</del> → <ins className="no-underline">{shorten(c.after)}</ins>
                    </>
                  ) : c.after !== null ? (
                    shorten(c.after)
                  ) : (
                    <span className="text-slate-500">was {shorten(c.before ?? "")}</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </td>
    </tr>
  );
}
