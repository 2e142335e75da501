"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { CaseListItem, CaseListView, CaseState } from "@/lib/cases/read-queries";
import { showDirectionControls } from "@/lib/display/format";
import type { SurveyForm } from "@/lib/surveys/queries";
import { CaseInbox, type InboxSurvey } from "./case-inbox";
import { CaseLinksProvider, isPlainClick, type CaseLinks } from "./case-links";
import { CaseSkeleton, CaseView } from "./case-view";
import { assignToMe } from "./assign-shortcut";
import type { ComposerHandle } from "./composer";
import { LiveIndicator } from "./live-indicator";
import { caseKeys, caseListQuery, caseQuery } from "./query-options";
import { ShortcutHelp } from "./shortcut-help";
import { useLiveUpdates } from "./use-live-updates";
import { useShortcuts } from "./use-shortcuts";
import { caseIdFrom } from "@/lib/cases/references";

/** Tailwind's `lg`: from here the list, the case and its details sit side by side. */
const WIDE = "(min-width: 64rem)";
const isWide = () => window.matchMedia(WIDE).matches;

/**
 * The console as one workspace (SPEC §9): the case list, and the case chosen in it beside
 * the list on wide screens (instead of it on a phone). The address names the case
 * (`/console?survey=1&state=open&case=123`), so it can be shared and reloaded; choosing
 * another case changes the address without loading a page, so the list keeps its scroll,
 * its filters and what it has loaded.
 */
export function Workspace({
  surveys,
  forms,
  surveyId,
  state,
  view,
  search,
  overdue,
  currentUserId,
}: {
  surveys: InboxSurvey[];
  /** The form of every survey a case may be opened from here, by survey id. */
  forms: Record<number, SurveyForm>;
  surveyId: number;
  state: CaseState;
  view: CaseListView;
  search: string;
  /** SPEC §13: the list shows only Overdue cases. */
  overdue: boolean;
  currentUserId: number;
}) {
  const live = useLiveUpdates();
  const queryClient = useQueryClient();
  const searchParams = useSearchParams();
  const caseId = caseIdFrom(searchParams.get("case"));
  const list = useInfiniteQuery(caseListQuery({ surveyId, state, view, search, overdue }));
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const composer = useRef<ComposerHandle>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const casePane = useRef<HTMLDivElement>(null);
  const [help, setHelp] = useState(false);
  // At phone width the list gives way to the case: where the list was, to return to it.
  const listScroll = useRef(0);
  const cameFromList = useRef(false);

  const addressWith = useCallback((id: number | null) => {
    const next = new URLSearchParams(window.location.search);
    if (id === null) next.delete("case");
    else next.set("case", String(id));
    const query = next.toString();
    return query ? `/console?${query}` : "/console";
  }, []);

  const open = useCallback(
    (id: number, caseSurveyId: number, how: "push" | "replace" = "push") => {
      // A survey the page has no form for (an archived one): the link loads it from the server.
      if (!forms[caseSurveyId]) return false;
      if (!isWide() && caseId === null) {
        listScroll.current = window.scrollY;
        cameFromList.current = true;
      }
      // Next.js keeps useSearchParams in step with the History API: no request, no reload.
      if (how === "push") window.history.pushState(null, "", addressWith(id));
      else window.history.replaceState(null, "", addressWith(id));
      return true;
    },
    [forms, caseId, addressWith],
  );

  const closeCase = useCallback(() => {
    if (cameFromList.current) {
      cameFromList.current = false;
      window.history.back();
    } else {
      window.history.pushState(null, "", addressWith(null));
    }
  }, [addressWith]);

  // Opened: the list shows it read at once (the case's own request marks it read).
  useEffect(() => {
    if (caseId === null) return;
    queryClient.setQueriesData<InfiniteData<{ items: CaseListItem[]; nextCursor: string | null }>>({ queryKey: caseKeys.lists }, (data) =>
      data
        ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((item) => (item.id === caseId && item.unread ? { ...item, unread: false } : item)) })) }
        : data,
    );
  }, [caseId, queryClient]);

  // At phone width: a case starts at its top, and the list comes back where it was left.
  useLayoutEffect(() => {
    if (isWide()) return;
    if (caseId === null) window.scrollTo(0, listScroll.current);
    else {
      window.scrollTo(0, 0);
      casePane.current?.focus({ preventScroll: true });
    }
  }, [caseId]);

  // The tab's title names the open case, as the address does.
  const { data: openCase } = useQuery({ ...caseQuery(caseId ?? 0), enabled: false });
  useEffect(() => {
    document.title = caseId !== null && openCase ? `${openCase.reference} ${showDirectionControls(openCase.title)} · Caseline` : "Console · Caseline";
  }, [caseId, openCase]);

  const revealRow = (id: number) => {
    const row = document.querySelector<HTMLElement>(`[data-case-row="${id}"]`);
    if (!row) return;
    row.scrollIntoView({ block: "nearest" });
    // Focus follows the keys when it was in the list already.
    if (document.activeElement instanceof HTMLElement && document.activeElement.dataset.caseRow) row.focus({ preventScroll: true });
  };

  const step = (delta: 1 | -1) => {
    if (!isWide() && caseId === null) {
      // Phone, list on screen: the keys move the selection; Enter opens it.
      const rows = [...document.querySelectorAll<HTMLElement>("[data-case-row]")];
      const at = rows.indexOf(document.activeElement as HTMLElement);
      const next = at === -1 ? rows[0] : rows[at + delta];
      next?.focus();
      next?.scrollIntoView({ block: "nearest" });
      return;
    }
    const at = items.findIndex((item) => item.id === caseId);
    const next = at === -1 ? items[delta === 1 ? 0 : items.length - 1] : items[at + delta];
    if (next) {
      open(next.id, next.surveyId, caseId === null ? "push" : "replace");
      revealRow(next.id);
    } else if (delta === 1 && list.hasNextPage && !list.isFetchingNextPage) {
      void list.fetchNextPage();
    }
  };

  useShortcuts({
    next: () => step(1),
    previous: () => step(-1),
    reply: () => composer.current?.focus("reply"),
    note: () => composer.current?.focus("note"),
    assign: () => {
      if (caseId !== null) assignToMe();
    },
    search: () => {
      if (!isWide() && caseId !== null) closeCase();
      // Selected, so typing replaces the last search.
      requestAnimationFrame(() => searchBox.current?.select());
    },
    help: () => setHelp(true),
  });

  const links: CaseLinks = useMemo(() => ({ href: (id) => addressFor(searchParams, id), open: (id, sid) => open(id, sid) }), [searchParams, open]);

  return (
    <CaseLinksProvider value={links}>
      <div data-workspace className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-2">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Console</h1>
            {/* On a phone the open case needs the room more than the description. */}
            <p className={`mt-1 text-sm text-slate-600 ${caseId === null ? "" : "hidden lg:block"}`}>
              Cases from SMS and WhatsApp conversations, newest activity first.
            </p>
          </div>
          <div className="flex items-center gap-3">
            <LiveIndicator state={live} />
            <button
              type="button"
              onClick={() => setHelp(true)}
              aria-keyshortcuts="?"
              className="hidden items-center gap-2 rounded-md px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-white hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 sm:inline-flex"
            >
              Keyboard shortcuts
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono text-[0.7rem] text-slate-700">?</kbd>
            </button>
          </div>
        </div>

        <div className="lg:grid lg:h-[calc(100dvh-13rem)] lg:min-h-[34rem] lg:grid-cols-[20rem_minmax(0,1fr)] lg:gap-4 xl:grid-cols-[23rem_minmax(0,1fr)]">
          <div className={caseId === null ? "lg:min-h-0" : "hidden lg:block lg:min-h-0"}>
            <CaseInbox
              key={surveyId}
              surveys={surveys}
              surveyId={surveyId}
              state={state}
              view={view}
              search={search}
              overdue={overdue}
              selectedId={caseId}
              hrefFor={links.href}
              onOpen={(id) => open(id, surveyId)}
              searchRef={searchBox}
            />
          </div>
          <div ref={casePane} tabIndex={-1} className={`outline-none lg:min-h-0 ${caseId === null ? "hidden lg:block" : ""}`}>
            {caseId === null ? (
              <NoCaseChosen />
            ) : (
              <CasePane
                key={caseId}
                caseId={caseId}
                forms={forms}
                currentUserId={currentUserId}
                composerRef={composer}
                back={
                  <Link
                    href={addressFor(searchParams, null)}
                    onClick={(event) => {
                      if (!isPlainClick(event)) return;
                      event.preventDefault();
                      closeCase();
                    }}
                    className="mb-2 inline-flex items-center gap-1 rounded text-sm font-medium text-indigo-700 hover:text-indigo-900 focus-visible:outline-2 focus-visible:outline-indigo-600 lg:hidden"
                  >
                    <span aria-hidden>←</span> All cases
                  </Link>
                }
              />
            )}
          </div>
        </div>
        <ShortcutHelp open={help} onClose={() => setHelp(false)} />
      </div>
    </CaseLinksProvider>
  );
}

function addressFor(searchParams: URLSearchParams | ReturnType<typeof useSearchParams>, id: number | null): string {
  const next = new URLSearchParams(searchParams.toString());
  if (id === null) next.delete("case");
  else next.set("case", String(id));
  const query = next.toString();
  return query ? `/console?${query}` : "/console";
}

/** The case beside the list, once its survey (and so its form) is known. */
function CasePane({
  caseId,
  forms,
  currentUserId,
  composerRef,
  back,
}: {
  caseId: number;
  forms: Record<number, SurveyForm>;
  currentUserId: number;
  composerRef: React.Ref<ComposerHandle>;
  back: React.ReactNode;
}) {
  const { data, error } = useQuery(caseQuery(caseId));
  if (!data) {
    return error ? (
      <div role="alert" className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        {back}
        <h2 className="text-base font-semibold text-slate-900">This case could not be opened</h2>
        <p className="mt-1 text-sm text-slate-600">{error.message}</p>
      </div>
    ) : (
      <CaseSkeleton pane />
    );
  }
  const form = forms[data.surveyId];
  if (!form) {
    return (
      <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        {back}
        <p className="text-sm text-slate-700">
          This case belongs to a survey that is not in the console.{" "}
          <Link href={`/console/cases/${caseId}`} className="font-semibold text-indigo-700 underline">
            Open {data.reference} on its own page
          </Link>
        </p>
      </div>
    );
  }
  return <CaseView caseId={caseId} form={form} currentUserId={currentUserId} variant="pane" composerRef={composerRef} back={back} />;
}

function NoCaseChosen() {
  return (
    <div className="flex h-full flex-col items-center justify-center rounded-lg border border-dashed border-slate-300 bg-white/60 p-8 text-center">
      <h2 className="text-base font-semibold text-slate-900">Choose a case</h2>
      <p className="mt-2 max-w-sm text-sm text-slate-600">
        Its conversation opens here, with its details beside it. Press <Kbd>j</Kbd> and <Kbd>k</Kbd> to go through the list, <Kbd>r</Kbd> to
        reply, <Kbd>?</Kbd> for every shortcut.
      </p>
    </div>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono text-xs font-semibold text-slate-700">{children}</kbd>;
}
