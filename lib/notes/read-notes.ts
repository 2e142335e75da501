// The notes of a case, oldest first, with their authors and mentions: one query.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db/client";
import { caseNotes, noteMentions, users } from "@/lib/db/schema";
import type { CaseNoteEntry } from "./note-entry";

/** Callers have checked the actor may see the case. `key`: only the note stored with that idempotency key. */
export async function notesOfCase(caseId: number, db: Executor = getDb(), key?: string): Promise<CaseNoteEntry[]> {
  const rows = await db
    .select({
      id: caseNotes.id,
      text: caseNotes.text,
      at: caseNotes.at,
      authorId: caseNotes.authorId,
      authorName: users.name,
      authorEmail: users.email,
      // A user without a name shows as their email, as everywhere else.
      mentions: sql<Array<{ id: number; name: string }>>`coalesce((
        select json_agg(json_build_object('id', mu.id, 'name', coalesce(nullif(mu.name, ''), mu.email)) order by mu.name, mu.id)
        from ${noteMentions} nm join ${users} mu on mu.id = nm.user_id
        where nm.note_id = ${caseNotes.id}), '[]'::json)`,
    })
    .from(caseNotes)
    .leftJoin(users, eq(users.id, caseNotes.authorId))
    .where(and(eq(caseNotes.caseId, caseId), key === undefined ? undefined : eq(caseNotes.idempotencyKey, key)))
    .orderBy(asc(caseNotes.at), asc(caseNotes.id));
  return rows.map((row) => ({
    id: row.id,
    kind: "note" as const,
    text: row.text,
    at: row.at.toISOString(),
    author: row.authorId ? { id: row.authorId, name: row.authorName || row.authorEmail || "" } : null,
    mentions: row.mentions,
  }));
}
