// SPEC §9: the console's search finds words in message bodies and thread notes — all of the
// query's words, in any order, whole words, any case, any accent ("cafe" finds "Café"; "stop"
// does not find "stopped": no stemming, no prefixes). Migration 0010 made the text search
// configuration `caseline_search` (the `simple` one with `unaccent` in front) and GIN indexes
// on exactly the expressions below; a query must repeat them word for word to use them.
import "server-only";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { caseMessages, caseNotes, messages } from "@/lib/db/schema";

/** The words of a text as the index holds them (the config's name must stay a literal). */
export function searchVector(column: AnyColumn): SQL {
  return sql`to_tsvector('caseline_search', ${column})`;
}

/** Every word of the query, ANDed; punctuation and operators are ignored. */
export function searchQuery(text: string): SQL {
  return sql`plainto_tsquery('caseline_search', ${text})`;
}

/** Whether a query has anything to look for in words (a letter or a digit). */
export function hasSearchWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** A piece of a snippet: `hit` marks a word of the query. Plain text, never HTML. */
export type SnippetPart = { text: string; hit: boolean };

/** Where a case matched: its latest message (or, failing that, note) holding the words. */
export type SearchMatch = { source: "message" | "note"; id: number; snippet: SnippetPart[] };

// ts_headline wraps each matched word in these. Control characters never reach us from a
// message as such: they are replaced in the text before ts_headline sees it.
const START = "\u0002";
const STOP = "\u0003";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=25, MinWords=12, ShortWord=2`;

/**
 * The match of each case in `caseIds` (the ids of a list page, which already passed the
 * survey access check): its latest message holding every word, else its latest note.
 */
export async function searchMatches(
  db: { execute: (query: SQL) => Promise<unknown> },
  caseIds: number[],
  text: string,
): Promise<Map<number, SearchMatch>> {
  const found = new Map<number, SearchMatch>();
  if (caseIds.length === 0 || !hasSearchWords(text)) return found;
  const query = searchQuery(text);
  const ids = sql`array[${sql.join(
    caseIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::bigint[]`;
  // DISTINCT ON picks one hit per case first, so ts_headline runs on at most one text each.
  const rows = (await db.execute(sql`
    select hit.case_id::int as "caseId", hit.source, hit.id::int as id,
           ts_headline('caseline_search', translate(hit.text, ${START + STOP}, '  '), ${query}, ${HEADLINE_OPTIONS}) as headline
    from (
      select distinct on (case_id) case_id, source, id, text
      from (
        select ${caseMessages.caseId} as case_id, 'message' as source, ${messages.id} as id, ${messages.text} as text, ${messages.at} as at
        from ${caseMessages} join ${messages} on ${messages.id} = ${caseMessages.messageId}
        where ${caseMessages.caseId} = any(${ids}) and ${searchVector(messages.text)} @@ ${query}
        union all
        select ${caseNotes.caseId}, 'note', ${caseNotes.id}, ${caseNotes.text}, ${caseNotes.at}
        from ${caseNotes}
        where ${caseNotes.caseId} = any(${ids}) and ${searchVector(caseNotes.text)} @@ ${query}
      ) hits
      order by case_id, source = 'message' desc, at desc, id desc
    ) hit`)) as Array<{ caseId: number; source: "message" | "note"; id: number; headline: string }>;
  for (const row of rows) found.set(row.caseId, { source: row.source, id: row.id, snippet: snippetParts(row.headline) });
  return found;
}

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
