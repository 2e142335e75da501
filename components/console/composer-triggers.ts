// The composer's suggestion menus (SPEC §9): `/` at the start lists canned replies, `@` in a
// note lists the people who may see the case. Pure: which menu the text and caret ask for.

export type Trigger = {
  kind: "canned" | "mention";
  /** Index of the `/` or `@`: the text from here to the caret is what a choice replaces. */
  start: number;
  /** What was typed after it, to filter by. */
  query: string;
};

/** The longest name a `@` query follows (names may have spaces: "@Sam Sm"). */
const MAX_MENTION_QUERY = 40;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

export function activeTrigger(text: string, caret: number, mode: "reply" | "note"): Trigger | null {
  const before = text.slice(0, caret);
  // `/` only as the composer's first character, and only on its first line.
  if (before.startsWith("/") && !before.includes("\n")) return { kind: "canned", start: 0, query: before.slice(1) };
  if (mode !== "note") return null;
  const at = before.lastIndexOf("@");
  if (at === -1) return null;
  // As a mention is read (lib/notes/mentions.ts): `@` starts the text or follows a
  // character that is not a letter or digit, so "help@sam.example" is no mention.
  if (at > 0 && WORD_CHARACTER.test(before[at - 1]!)) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_MENTION_QUERY || query.includes("\n") || /^\s/.test(query)) return null;
  return { kind: "mention", start: at, query };
}

/** The text with the trigger (from its start to the caret) replaced, and where the caret goes. */
export function applyChoice(text: string, caret: number, trigger: Trigger, insert: string): { text: string; caret: number } {
  const head = text.slice(0, trigger.start) + insert;
  return { text: head + text.slice(caret), caret: head.length };
}

/** "@Sam Smith " with its space typed (or inserted): the mention is done, the menu goes. */
export function mentionFinished(query: string, names: readonly string[]): boolean {
  if (!/\s$/.test(query)) return false;
  const typed = query.trim().toLowerCase();
  return names.some((name) => name.trim().toLowerCase() === typed);
}
