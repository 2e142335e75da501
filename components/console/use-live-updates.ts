"use client";

import { useQueryClient } from "@tanstack/react-query";
import { caseKeys } from "@/components/console/query-options";
import { useLiveEvent, useLiveState, type LiveState } from "@/components/shell/live-events";
import type { CaseChange } from "@/lib/realtime/channel";

export type { LiveState };

/**
 * Refreshes what a live case change touches: the case lists, and the open cases named in the
 * change. The tab's one stream (components/shell/live-events.tsx) brings the changes; its
 * state shows whether it is connected.
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  useLiveEvent("change", (data) => {
    const change = JSON.parse(data) as CaseChange;
    // A file saved (or not) changes the thread only, not the lists' order or unread marks.
    if (change.kind !== "media") void queryClient.invalidateQueries({ queryKey: caseKeys.lists });
    for (const id of change.caseIds) void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
  });
  return useLiveState();
}
