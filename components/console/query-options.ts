// React Query option factories for the console, shared by every component that reads cases.
// The keys are what live updates invalidate.
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CannedReplyEntry } from "@/lib/canned/rules";
import type { TemplateEntry } from "@/lib/templates/rules";
import type { CasePerson } from "@/lib/cases/person";
import type { CaseDetail, CaseListItem, CaseListView, CaseState } from "@/lib/cases/read-queries";

/** `overdue`: only cases past their service level's due time (SPEC §13). */
export type CaseListParams = { surveyId: number; state: CaseState; view: CaseListView; search: string; overdue: boolean };

export const caseKeys = {
  lists: ["cases"] as const,
  list: (params: CaseListParams) => ["cases", params] as const,
  detail: (id: number) => ["case", id] as const,
  /** Under the case's key: a live change to the case refreshes its person too. */
  person: (id: number) => ["case", id, "person"] as const,
  /** Under the case's key too: a live change to the case refreshes them. */
  templates: (id: number) => ["case", id, "templates"] as const,
};

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || !body) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
  return body;
}

/** A search that looks like a phone number searches numbers; anything else searches text. */
export function searchParamsFor(search: string): { phone?: string; q?: string } {
  const trimmed = search.trim();
  if (!trimmed) return {};
  if (/^\+?[\d\s().-]{3,}$/.test(trimmed) && /\d{3}/.test(trimmed.replace(/\D/g, ""))) return { phone: trimmed };
  return { q: trimmed };
}

export function caseListQuery(params: CaseListParams) {
  return infiniteQueryOptions({
    queryKey: caseKeys.list(params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const search = searchParamsFor(params.search);
      const query = new URLSearchParams({ state: params.state, view: params.view, limit: "50" });
      if (params.overdue) query.set("overdue", "true");
      // SPEC §9: a search looks in every survey the user may see; the survey chosen frames the
      // list otherwise.
      if (!search.phone && !search.q) query.set("surveyId", String(params.surveyId));
      for (const [key, value] of Object.entries(search)) if (value) query.set(key, value);
      if (pageParam) query.set("cursor", pageParam);
      return getJson<{ items: CaseListItem[]; nextCursor: string | null }>(`/api/cases?${query}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function caseQuery(id: number) {
  return queryOptions({
    queryKey: caseKeys.detail(id),
    queryFn: () => getJson<CaseDetail>(`/api/cases/${id}`),
  });
}

export function casePersonQuery(id: number) {
  return queryOptions({
    queryKey: caseKeys.person(id),
    queryFn: () => getJson<CasePerson>(`/api/cases/${id}/person`),
  });
}

/** A survey's canned replies, for the composer's `/` (they change seldom: kept a few minutes). */
export function cannedRepliesQuery(surveyId: number) {
  return queryOptions({
    queryKey: ["canned-replies", surveyId] as const,
    queryFn: () => getJson<{ items: CannedReplyEntry[] }>(`/api/canned-replies?surveyId=${surveyId}`).then((body) => body.items),
    staleTime: 5 * 60_000,
  });
}

/** The WhatsApp templates a case's number may send, for the composer's Template mode (SPEC §10). */
export function caseTemplatesQuery(caseId: number) {
  return queryOptions({
    queryKey: caseKeys.templates(caseId),
    queryFn: () => getJson<{ items: TemplateEntry[] }>(`/api/cases/${caseId}/templates`).then((body) => body.items),
    staleTime: 60_000,
  });
}
