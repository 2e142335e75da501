"use client";

import { useLiveState, type LiveState } from "@/components/shell/live-events";

export type { LiveState };

/** Whether the tab's live stream is connected (the console shows it). */
export function useLiveUpdates(): LiveState {
  return useLiveState();
}
