"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { caseKeys } from "@/components/console/query-options";
import type { CaseChange } from "@/lib/realtime/channel";

export type LiveState = "connecting" | "live" | "reconnecting";

/**
 * Listens to /api/events and refreshes what changed: the case lists, and the open cases
 * named in the change. EventSource reconnects by itself; the state shows it.
 */
export function useLiveUpdates(): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/events");
    source.onopen = () => {
      setState("live");
      // Changes committed while no stream was connected (between the page's server render
      // and now, or during a reconnect) were announced to nobody: refresh what we show.
      const connectedAt = Date.now();
      void queryClient.invalidateQueries({
        predicate: (query) => query.state.dataUpdatedAt > 0 && query.state.dataUpdatedAt < connectedAt,
      });
    };
    source.onerror = () => setState("reconnecting");
    source.addEventListener("change", (event) => {
      const change = JSON.parse((event as MessageEvent<string>).data) as CaseChange;
      // A file saved (or not) changes the thread only, not the lists' order or unread marks.
      if (change.kind !== "media") void queryClient.invalidateQueries({ queryKey: caseKeys.lists });
      for (const id of change.caseIds) void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
    });
    return () => source.close();
  }, [queryClient]);
  return state;
}
