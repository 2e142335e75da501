// What a search hit shows (SPEC §9): the matching text as plain parts, the query's words
// marked — never HTML, so the list renders it as text. Shared by the server and the list.

/** A piece of a snippet: `hit` marks a word of the query. Plain text, never HTML. */
export type SnippetPart = { text: string; hit: boolean };

/** Where a case matched: its latest message (or, failing that, note) holding the words. */
export type SearchMatch = { source: "message" | "note"; id: number; snippet: SnippetPart[] };

/** The marks ts_headline puts around each matched word (lib/cases/text-search.ts). */
export const START = "\u0002";
export const STOP = "\u0003";

/**
 * ts_headline's output, marked words between START and STOP, as plain parts, with runs of
 * white space (line breaks, and what ts_headline leaves of HTML-like tags) made one space.
 */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (raw: string, hit: boolean) => {
    let text = raw.replace(/\s+/g, " ");
    if (parts.length === 0) text = text.trimStart();
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += text;
    else parts.push({ text, hit });
  };
  headline.split(START).forEach((chunk, i) => {
    if (i === 0) return push(chunk, false);
    const end = chunk.indexOf(STOP);
    if (end < 0) return push(chunk, true);
    push(chunk.slice(0, end), true);
    push(chunk.slice(end + STOP.length), false);
  });
  const last = parts[parts.length - 1];
  if (last) last.text = last.text.trimEnd();
  return parts.filter((part) => part.text);
}
