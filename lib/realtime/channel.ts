// Case changes are announced with PostgreSQL NOTIFY inside the transaction that makes them,
// so every app process (each one LISTENs) hears about it exactly when it is committed.
import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";

export const CHANGES_CHANNEL = "caseline_changes";

export type CaseChange = {
  /** The survey of the cases, for filtering by the listener's survey access. */
  surveyId: number;
  caseIds: number[];
  /** "media": a message's file was saved or could not be (SPEC §11): the thread only. */
  /** "overdue": a service level was missed (SPEC §13): the list's Overdue badge. */
  kind: "message" | "edited" | "moved" | "status" | "assigned" | "note" | "media" | "overdue";
};

export function changePayload(change: CaseChange): string {
  return JSON.stringify(change);
}

/** Announces a change on commit of the transaction `db` belongs to. */
export async function notifyCaseChange(db: Executor, change: CaseChange): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${changePayload(change)})`);
}

export function parseChange(payload: string): CaseChange | null {
  try {
    const value = JSON.parse(payload) as Partial<CaseChange>;
    if (typeof value.surveyId !== "number" || !Array.isArray(value.caseIds) || typeof value.kind !== "string") return null;
    return { surveyId: value.surveyId, caseIds: value.caseIds.filter((id) => typeof id === "number"), kind: value.kind };
  } catch {
    return null;
  }
}
