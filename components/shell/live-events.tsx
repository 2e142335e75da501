"use client";

// The tab's one connection to /api/events (server-sent events), shared by everything that
// wants live updates — the console's lists and cases, the bell — so a tab holds one stream
// however many of them are on screen. Mounted once by the app's layout.
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { refreshForCaseChange } from "@/components/console/case-change-refresh";

export type LiveState = "connecting" | "live" | "reconnecting";
/** The stream's event types (app/api/events/route.ts). */
export type LiveEventType = "change" | "notifications";

type Listener = (data: string) => void;
type LiveEvents = { state: LiveState; subscribe: (type: LiveEventType, listener: Listener) => () => void };

const LiveEventsContext = createContext<LiveEvents | null>(null);

export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const listeners = useRef(new Map<LiveEventType, Set<Listener>>());
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
    const types: LiveEventType[] = ["change", "notifications"];
    const handlers = types.map((type) => {
      const handler = (event: Event) => {
        // Case changes refresh the cached case queries here, not in a listener of the console:
        // they must be marked stale even while no console is on screen.
        if (type === "change") refreshForCaseChange(queryClient, (event as MessageEvent<string>).data);
        for (const listener of listeners.current.get(type) ?? []) listener((event as MessageEvent<string>).data);
      };
      source.addEventListener(type, handler);
      return handler;
    });
    return () => {
      types.forEach((type, i) => source.removeEventListener(type, handlers[i]!));
      source.close();
    };
  }, [queryClient]);
  const [subscribe] = useState(() => (type: LiveEventType, listener: Listener) => {
    const set = listeners.current.get(type) ?? new Set<Listener>();
    listeners.current.set(type, set);
    set.add(listener);
    return () => void set.delete(listener);
  });
  return <LiveEventsContext.Provider value={{ state, subscribe }}>{children}</LiveEventsContext.Provider>;
}

function useLiveEvents(): LiveEvents {
  const live = useContext(LiveEventsContext);
  if (!live) throw new Error("Live events are used outside <LiveEventsProvider> (app/(app)/layout.tsx).");
  return live;
}

/** Whether the tab's stream is connected. */
export function useLiveState(): LiveState {
  return useLiveEvents().state;
}

/** Calls `listener` with each event of this type (its data, as sent) while mounted. */
export function useLiveEvent(type: LiveEventType, listener: Listener): void {
  const { subscribe } = useLiveEvents();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe(type, (data) => latest.current(data)), [subscribe, type]);
}
