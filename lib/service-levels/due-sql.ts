// SPEC §13: the SQL that keeps a case's due time as messages come and go, inside the
// statements that already write the case (no extra round trip). The rule for a message on an
// open case lives here, in SQL, because it reads the row as it is when the update runs — a
// reply committed a moment before must not be undone from a stale copy: a due time already set
// stays (the oldest message waiting is the one the team is late on); otherwise a case answered
// before waits for its next reply Y minutes from now; a case never answered keeps its
// first-response due time (or none, when X was off) — the next-response level starts after
// the first reply, as in Chatwoot's SLAs. (Tested in tests/integration/service-levels.test.ts.)
import "server-only";
import type postgres from "postgres";
import type { ServiceLevels } from "./rules";

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * `, response_due_at = …` for `update cases set …` on an inbound message: an open case answered before and awaiting nothing waits for its next reply Y
 * minutes from now, and its breach may be notified again (a new due time is a new breach).
 * Nothing when the next-response level is off: an earlier due time stays as it is.
 */
export function dueAfterInboundSet(sql: postgres.Sql, levels: Pick<ServiceLevels, "nextResponseMinutes">): Fragment {
  const minutes = levels.nextResponseMinutes;
  if (minutes === null) return sql``;
  const starts = sql`(response_due_at is null and first_response_at is not null and open)`;
  return sql`,
    response_due_at = case when ${starts} then now() + make_interval(mins => ${minutes}::int) else response_due_at end,
    response_due_kind = case when ${starts} then 'next_response'::response_due_kind else response_due_kind end,
    breach_notified_at = case when ${starts} then null else breach_notified_at end`;
}

/**
 * The columns a reply that is not automatic sets (drizzle `.set({...})` style, raw SQL values):
 * nothing is awaited any more, and the first such reply is kept for the reports (SPEC §14).
 */
export const REPLIED_SET = {
  responseDueAt: null,
  responseDueKind: null,
  breachNotifiedAt: null,
} as const;
