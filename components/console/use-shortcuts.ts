"use client";

import { useEffect, useRef } from "react";
import { keyTargetOf, shortcutFor, type ShortcutAction } from "./shortcuts";

export type ShortcutHandlers = Partial<Record<ShortcutAction, () => void>>;

/**
 * The console's one key handler (SPEC §9): each press goes through `shortcutFor`, and an
 * action with a handler here runs it. Handlers may change every render; the listener is
 * attached once.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        defaultPrevented: event.defaultPrevented,
        repeat: event.repeat,
        target: keyTargetOf(event.target),
      });
      const run = action ? current.current[action] : undefined;
      if (!run) return;
      // The key is not typed anywhere (`/` would otherwise land in the search box it focuses).
      event.preventDefault();
      run();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
