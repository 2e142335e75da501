"use client";

/**
 * `a` (SPEC §9): Assign to me on the open case, through the case's own Assign to me button —
 * the same action, the same "Saving…" and error — when it offers one (not when the case is
 * mine already, or I may not be assigned).
 */
export function assignToMe(): void {
  document.querySelector<HTMLButtonElement>('[data-shortcut="assign-to-me"]:not(:disabled)')?.click();
}
