// SPEC §9: the console's search finds words in message bodies and thread notes — all of the
// query's words, in any order, whole words, any case, any accent ("cafe" finds "Café"; "stop"
// does not find "stopped": no stemming, no prefixes). Migration 0010 made the text search
// configuration `caseline_search` (the `simple` one with `unaccent` in front), the stored
// messages.search_vector and GIN indexes on it and on the notes' expression below (a query
// must repeat that expression word for word to use its index).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { caseMessages, caseNotes, cases, messages } from "@/lib/db/schema";
import { snippetParts, START, STOP, type SearchMatch } from "./search-snippet";

/** A message's words: its stored search_vector (see lib/db/schema.ts), indexed. */
const messageWords = sql`${messages}.search_vector`;

/** A note's words, as the note index holds them (the config's name must stay a literal). */
const noteWords = sql`to_tsvector('caseline_search', ${caseNotes.text})`;

/** Every word of the query, ANDed; punctuation and operators are ignored. */
export function searchQuery(text: string): SQL {
  return sql`plainto_tsquery('caseline_search', ${text})`;
}

/** Whether a query has anything to look for in words (a letter or a digit). */
export function hasSearchWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/**
 * How to find the newest cases holding the words in their messages (or notes), chosen by how
 * many messages hold the rarest of the words:
 * - "walk": cases newest first, each asked whether one of its messages holds the words — for
 *   a common word, 50 hits come within the first few hundred cases;
 * - "collect": every message holding the words from the GIN index, then their cases, sorted —
 *   for a rare word (or one in no message at all, which a walk would look for in every case).
 * PostgreSQL's planner makes this choice by itself, but it guesses the frequency of a word it
 * has no statistics for (a rare one) far too high and then walks every case (seconds at 10M
 * messages, measured in bench:console); so the choice is made here, with the same statistics.
 */
export type SearchPlan = "walk" | "collect";

/**
 * From this many messages (or notes) holding the rarest word on, a walk finds 50 cases sooner
 * (bench:console). Tests set it to 0 or Infinity to run each plan on a small database.
 */
export const searchTuning = { walkFrom: 20_000 };

type WordStats = { rows: number; frequency: Map<string, number>; loadedAt: number };
const STATS_TTL_MS = 5 * 60_000;
const statsCache = new Map<string, WordStats>();

/** ANALYZE's most common words of a search index and their share of rows (cached a while). */
async function wordStats(source: "messages" | "notes"): Promise<WordStats> {
  const cached = statsCache.get(source);
  if (cached && Date.now() - cached.loadedAt < STATS_TTL_MS) return cached;
  // The column's statistics for messages; for notes, those of the index on the expression.
  const [table, statsOf, column] =
    source === "messages" ? ["messages", "messages", "search_vector"] : ["case_notes", "case_notes_text_search_idx", "to_tsvector"];
  const rows = (await getDb().execute(sql`
    select greatest(c.reltuples, 0)::float8 as rows, s.most_common_elems::text::text[] as words, s.most_common_elem_freqs as freqs
    from pg_class c left join pg_stats s on s.schemaname = 'public' and s.tablename = ${statsOf} and s.attname = ${column}
    where c.oid = to_regclass(${`public.${table}`})`)) as unknown as Array<{ rows: number; words: string[] | null; freqs: number[] | null }>;
  const row = rows[0];
  const frequency = new Map<string, number>();
  row?.words?.forEach((word, i) => frequency.set(word, row.freqs![i]!));
  const stats = { rows: row?.rows ?? 0, frequency, loadedAt: Date.now() };
  statsCache.set(source, stats);
  return stats;
}

/**
 * The plans for `text` in messages and in notes; null when it has no word to look for. A
 * word missing from the statistics is rarer than every word in them: "collect".
 */
export async function searchPlans(text: string): Promise<{ messages: SearchPlan; notes: SearchPlan } | null> {
  const [messageStats, noteStats, [lexemes]] = await Promise.all([
    wordStats("messages"),
    wordStats("notes"),
    getDb().execute(sql`select tsvector_to_array(to_tsvector('caseline_search', ${text})) as words`) as unknown as Promise<Array<{ words: string[] }>>,
  ]);
  const words = lexemes?.words ?? [];
  if (words.length === 0) return null;
  const plan = (stats: WordStats): SearchPlan => {
    const rarest = Math.min(...words.map((word) => stats.frequency.get(word) ?? 0));
    return rarest * stats.rows >= searchTuning.walkFrom ? "walk" : "collect";
  };
  return { messages: plan(messageStats), notes: plan(noteStats) };
}

/** SQL true for a case (`cases` of the enclosing query) with a message holding every word. */
export function inMessages(text: string, plan: SearchPlan): SQL {
  const query = searchQuery(text);
  if (plan === "walk") {
    return sql`exists (select 1 from ${caseMessages} join ${messages} on ${messages.id} = ${caseMessages.messageId}
      where ${caseMessages.caseId} = ${cases.id} and ${messageWords} @@ ${query})`;
  }
  // array(…) is computed once and read through the indexes: the planner cannot turn it into
  // a hash join that reads all of case_messages.
  return sql`${cases.id} = any(array(select ${caseMessages.caseId} from ${caseMessages} where ${caseMessages.messageId} = any(array(
      select ${messages.id} from ${messages} where ${messageWords} @@ ${query}))))`;
}

/** SQL true for a case with a thread note holding every word. */
export function inNotes(text: string, plan: SearchPlan): SQL {
  const query = searchQuery(text);
  if (plan === "walk") {
    return sql`exists (select 1 from ${caseNotes} where ${caseNotes.caseId} = ${cases.id} and ${noteWords} @@ ${query})`;
  }
  return sql`${cases.id} = any(array(select ${caseNotes.caseId} from ${caseNotes} where ${noteWords} @@ ${query}))`;
}

// ts_headline wraps each matched word in START and STOP. Control characters never reach us
// from a message as such: they are replaced in the text before ts_headline sees it.
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxWords=25, MinWords=12, ShortWord=2`;

/**
 * The match of each case in `caseIds` (the ids of a list page, which already passed the
 * survey access check): its latest message holding every word, else its latest note.
 */
export async function searchMatches(caseIds: number[], text: string): Promise<Map<number, SearchMatch>> {
  const found = new Map<number, SearchMatch>();
  if (caseIds.length === 0 || !hasSearchWords(text)) return found;
  const query = searchQuery(text);
  const ids = sql`array[${sql.join(
    caseIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::bigint[]`;
  // DISTINCT ON picks one hit per case first, so ts_headline runs on at most one text each.
  const rows = (await getDb().execute(sql`
    select hit.case_id::int as "caseId", hit.source, hit.id::int as id,
           ts_headline('caseline_search', translate(hit.text, ${START + STOP}, '  '), ${query}, ${HEADLINE_OPTIONS}) as headline
    from (
      select distinct on (case_id) case_id, source, id, text
      from (
        select ${caseMessages.caseId} as case_id, 'message' as source, ${messages.id} as id, ${messages.text} as text, ${messages.at} as at
        from ${caseMessages} join ${messages} on ${messages.id} = ${caseMessages.messageId}
        where ${caseMessages.caseId} = any(${ids}) and ${messageWords} @@ ${query}
        union all
        select ${caseNotes.caseId}, 'note', ${caseNotes.id}, ${caseNotes.text}, ${caseNotes.at}
        from ${caseNotes}
        where ${caseNotes.caseId} = any(${ids}) and ${noteWords} @@ ${query}
      ) hits
      order by case_id, source = 'message' desc, at desc, id desc
    ) hit`)) as Array<{ caseId: number; source: "message" | "note"; id: number; headline: string }>;
  for (const row of rows) found.set(row.caseId, { source: row.source, id: row.id, snippet: snippetParts(row.headline) });
  return found;
}
