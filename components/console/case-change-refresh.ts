import type { QueryClient } from "@tanstack/react-query";
import { caseKeys } from "@/components/console/query-options";
import type { CaseChange } from "@/lib/realtime/channel";

/**
 * Refreshes what a live case change touches: the case lists, and the cases named in the
 * change. Called by the tab's one stream (components/shell/live-events.tsx) for every change,
 * whatever page is on screen: the console's queries stay cached while the user is elsewhere
 * (the phone simulator, Reports), and a change missed then would show stale data on return
 * — marking them stale here makes them refetch as soon as the console shows them again.
 */
export function refreshForCaseChange(queryClient: QueryClient, data: string): void {
  const change = JSON.parse(data) as CaseChange;
  // A file saved (or not) changes the thread only, not the lists' order or unread marks.
  if (change.kind !== "media") void queryClient.invalidateQueries({ queryKey: caseKeys.lists });
  for (const id of change.caseIds) void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
}
