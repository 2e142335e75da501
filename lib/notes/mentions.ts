// Mentions in a note (SPEC §9): `@` followed by the name of a user who may see the case. Pure
// and free of server code: addNote stores what it finds, and the thread finds the same spans
// again to highlight them.
//
// Rules: names match case-insensitively; where several names fit at one `@` ("@Sam" and
// "@Sam Smith"), the longest wins; a name must end where the text ends or at a character that
// is not a letter or digit ("@Samantha" does not mention Sam). The `@` itself must start the
// text or follow a character that is not a letter or digit, so an address like
// "help@sam.example" mentions nobody. Two users with the same name are both mentioned: the
// text cannot tell them apart, and telling both is better than telling neither.

export type Mentionable = { id: number; name: string };

export type MentionSpan<T extends Mentionable = Mentionable> = {
  /** Index of the `@`. */
  start: number;
  /** Index just after the name. */
  end: number;
  users: T[];
};

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character);
}

/** Every `@name` in the text, in order, each with the user(s) it names. */
export function findMentionSpans<T extends Mentionable>(text: string, candidates: readonly T[]): MentionSpan<T>[] {
  // Longest names first, so the first that fits at an `@` is the longest.
  const byName = new Map<string, T[]>();
  for (const user of candidates) {
    const name = user.name.trim().toLowerCase();
    if (!name) continue;
    byName.set(name, [...(byName.get(name) ?? []), user]);
  }
  const names = [...byName.keys()].sort((a, b) => b.length - a.length);
  if (!names.length) return [];

  const spans: MentionSpan<T>[] = [];
  const lower = text.toLowerCase();
  // toLowerCase keeps the length of nearly all text; where it does not (a rare letter such as
  // "İ"), indexes into the original would drift, so such text is matched as written.
  const haystack = lower.length === text.length ? lower : text;
  let at = haystack.indexOf("@");
  while (at !== -1) {
    let next = at + 1;
    if (!isWordCharacter(text[at - 1])) {
      const name = names.find((n) => haystack.startsWith(n, at + 1) && !isWordCharacter(text[at + 1 + n.length]));
      if (name) {
        const end = at + 1 + name.length;
        spans.push({ start: at, end, users: byName.get(name)! });
        next = end;
      }
    }
    at = haystack.indexOf("@", next);
  }
  return spans;
}

/** The users a text mentions, each once, in the order they are first mentioned. */
export function mentionedUsers<T extends Mentionable>(text: string, candidates: readonly T[]): T[] {
  const seen = new Map<number, T>();
  for (const span of findMentionSpans(text, candidates)) for (const user of span.users) if (!seen.has(user.id)) seen.set(user.id, user);
  return [...seen.values()];
}

/** The text cut into plain parts and mentions, for showing the mentions highlighted. */
export function splitMentions<T extends Mentionable>(text: string, mentioned: readonly T[]): Array<{ text: string; users?: T[] }> {
  const parts: Array<{ text: string; users?: T[] }> = [];
  let from = 0;
  for (const span of findMentionSpans(text, mentioned)) {
    if (span.start > from) parts.push({ text: text.slice(from, span.start) });
    parts.push({ text: text.slice(span.start, span.end), users: span.users });
    from = span.end;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from) });
  return parts;
}
