// SPEC §9 "Keyboard": the console's shortcuts, and the one rule for when a key press is one.
// Pure: the key handling hook (use-shortcuts.ts) and the `?` overlay read the same table.

export type ShortcutAction = "next" | "previous" | "reply" | "note" | "assign" | "search" | "help";

export const SHORTCUTS: ReadonlyArray<{ key: string; action: ShortcutAction; description: string }> = [
  { key: "j", action: "next", description: "Next case" },
  { key: "k", action: "previous", description: "Previous case" },
  { key: "r", action: "reply", description: "Write a reply" },
  { key: "n", action: "note", description: "Write a note" },
  { key: "a", action: "assign", description: "Assign the case to me" },
  { key: "/", action: "search", description: "Search cases" },
  { key: "?", action: "help", description: "Show these shortcuts" },
];

/** What the rule needs to know about the element a key press went to. */
export type KeyTarget = {
  tagName: string;
  /** `type` of an <input>. */
  type?: string;
  isContentEditable?: boolean;
  /** Inside an open dialog: the page behind it is not what the person is working on. */
  inDialog?: boolean;
};

export type KeyPress = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Another handler (a menu, a dialog) already used this key. */
  defaultPrevented?: boolean;
  /** A key held down: one press, one action. */
  repeat?: boolean;
  target: KeyTarget | null;
};

/** Inputs that take no typing: a letter there is not text. */
const NOT_TYPED = new Set(["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"]);

/** Whether keys pressed here are text being typed (or a choice being made by typing). */
export function isTyping(target: KeyTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NOT_TYPED.has((target.type ?? "text").toLowerCase());
  return false;
}

/**
 * The shortcut a key press means, or null: never while typing, never in a dialog, never with
 * Ctrl, Cmd or Alt (those belong to the browser and the system). Shift is allowed, since `?`
 * needs it on most keyboards; `J` is then not `j`.
 */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey || press.defaultPrevented || press.repeat) return null;
  if (isTyping(press.target) || press.target?.inDialog) return null;
  return SHORTCUTS.find((s) => s.key === press.key)?.action ?? null;
}

/** The part of a DOM element the rule reads. */
export function keyTargetOf(element: EventTarget | null): KeyTarget | null {
  if (!element || typeof (element as Element).tagName !== "string") return null;
  const el = element as HTMLElement;
  return {
    tagName: el.tagName,
    type: el instanceof HTMLInputElement ? el.type : undefined,
    isContentEditable: el.isContentEditable,
    inDialog: Boolean(el.closest("dialog[open], [role=dialog], [role=listbox]")),
  };
}
