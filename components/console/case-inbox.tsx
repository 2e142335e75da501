"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useId, useState, type Ref } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { CaseListView, CaseState } from "@/lib/cases/read-queries";
import { caseListQuery } from "@/components/console/query-options";
import { CaseListRow } from "./case-list-item";

export type InboxSurvey = { id: number; name: string; casesEnabled: boolean; statusLabels: Record<string, string> };

const STATES: Array<{ value: CaseState; label: string }> = [
  { value: "open", label: "Open" },
  { value: "closed", label: "Closed" },
  { value: "all", label: "All" },
];

const VIEWS: Array<{ value: CaseListView; label: string }> = [
  { value: "mine", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
  { value: "all", label: "All" },
];

/**
 * The list side of the workspace: survey, Open / Closed / All, Mine / Unassigned / All,
 * search, and the cases. The
 * filters live in the address; the open case (`selectedId`) is the workspace's.
 */
export function CaseInbox({
  surveys,
  surveyId,
  state,
  view,
  search,
  overdue = false,
  selectedId = null,
  hrefFor,
  onOpen,
  searchRef,
}: {
  surveys: InboxSurvey[];
  surveyId: number;
  state: CaseState;
  view: CaseListView;
  search: string;
  /** SPEC §13: only cases past their due time (`?overdue=1`). */
  overdue?: boolean;
  selectedId?: number | null;
  hrefFor: (caseId: number) => string;
  /** Opens the case in place (true), or lets the link be followed (false). */
  onOpen?: (caseId: number) => boolean;
  searchRef?: Ref<HTMLInputElement>;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [draft, setDraft] = useState(search);
  const surveySelectId = useId();
  // A search lists cases of every survey the user may see.
  const surveyOf = (id: number) => surveys.find((s) => s.id === id);

  function navigate(changes: Record<string, string>) {
    // From the address bar, not a render's copy: a debounced search must not undo a filter
    // chosen in the meantime.
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.replace(`${pathname}?${next}`, { scroll: false });
  }

  // Search as you type, a moment after the last key.
  useEffect(() => {
    if (draft === search) return;
    const timer = setTimeout(() => navigate({ q: draft.trim() }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const query = useInfiniteQuery(caseListQuery({ surveyId, state, view, search, overdue }));
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-label="Cases" className="flex min-h-0 flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200 lg:h-full">
      <div className="flex flex-none flex-col gap-3 border-b border-slate-200 p-3 sm:p-4">
        <div className="flex items-center gap-2">
          <label htmlFor={surveySelectId} className="text-sm font-medium text-slate-700">
            Survey
          </label>
          <select
            id={surveySelectId}
            value={surveyId}
            onChange={(e) => navigate({ survey: e.target.value })}
            className="min-w-0 flex-1 rounded-md border-0 py-1.5 pl-3 pr-8 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          >
            {surveys.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-wrap gap-2">
          <Segmented label="Show" options={STATES} value={state} onChange={(value) => navigate({ state: value })} />
          <Segmented label="Assigned" options={VIEWS} value={view} onChange={(value) => navigate({ view: value === "all" ? "" : value })} />
          <button
            type="button"
            aria-pressed={overdue}
            onClick={() => navigate({ overdue: overdue ? "" : "1" })}
            title="Only cases past their service level's reply time"
            className={`self-start rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-indigo-600 ${
              overdue ? "bg-rose-600 text-white ring-rose-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"
            }`}
          >
            Overdue
          </button>
        </div>
        <input
          ref={searchRef}
          type="search"
          aria-label="Search cases"
          aria-keyshortcuts="/"
          placeholder="Search by number or text"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            // Escape leaves the box (the browser clears it first), so j and k work again.
            if (e.key === "Escape" && !e.currentTarget.value) e.currentTarget.blur();
          }}
          className="w-full rounded-md border-0 px-3 py-1.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
        />
      </div>

      <div className="min-h-0 flex-1 lg:overflow-y-auto" data-case-list-scroller>
        {query.isPending ? (
          <ul aria-label="Loading cases" className="divide-y divide-slate-100">
            {Array.from({ length: 6 }, (_, i) => (
              <li key={i} className="flex animate-pulse gap-3 px-4 py-4">
                <span className="h-4 w-2/3 rounded bg-slate-100" />
                <span className="ml-auto h-4 w-12 rounded bg-slate-100" />
              </li>
            ))}
          </ul>
        ) : query.isError ? (
          <div className="space-y-3 p-4">
            <ErrorAlert>The cases could not be loaded: {query.error.message}</ErrorAlert>
            <Button variant="secondary" onClick={() => query.refetch()}>
              Try again
            </Button>
          </div>
        ) : items.length === 0 ? (
          <div className="p-4">
            <EmptyState title={overdue && !search ? "No overdue cases" : emptyTitle(state, view, search)}>
              {overdue && !search
                ? "Every case awaiting a reply is within its service level."
                : search
                ? "Try another number or word."
                : view === "mine"
                  ? "Cases assigned to you appear here. Open a case and choose Assign to me (or press a)."
                  : view === "unassigned"
                    ? "Every case here has someone looking after it."
                    : "Cases appear here as soon as someone sends a message to a number linked to this survey."}
            </EmptyState>
          </div>
        ) : (
          <>
            <ul className="divide-y divide-slate-100" aria-label="Case list">
              {items.map((item) => (
                <CaseListRow
                  key={item.id}
                  item={item}
                  statusLabel={item.status ? (surveyOf(item.surveyId)?.statusLabels[item.status] ?? item.status) : null}
                  surveyName={item.surveyId === surveyId ? undefined : (surveyOf(item.surveyId)?.name ?? "another survey")}
                  href={hrefFor(item.id)}
                  selected={item.id === selectedId}
                  onOpen={onOpen}
                />
              ))}
            </ul>
            {query.hasNextPage ? (
              <div className="border-t border-slate-100 p-3 text-center">
                <Button variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                  {query.isFetchingNextPage ? "Loading…" : "Load more"}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </div>
    </section>
  );
}

function emptyTitle(state: CaseState, view: CaseListView, search: string): string {
  if (search) return "No cases match your search";
  const which = state === "open" ? "open " : state === "closed" ? "closed " : "";
  if (view === "mine") return `No ${which}cases assigned to you`;
  if (view === "unassigned") return `No unassigned ${which}cases`;
  return state === "all" ? "No cases yet" : `No ${which}cases`;
}

/** A row of toggle buttons (one pressed), for the list's filters. */
function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: Array<{ value: T; label: string }>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div role="group" aria-label={label} className="inline-flex self-start rounded-md ring-1 ring-inset ring-slate-300">
      {options.map((option, i) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
          className={`px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
            i === 0 ? "rounded-l-md" : i === options.length - 1 ? "rounded-r-md" : ""
          } ${value === option.value ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-50"}`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
