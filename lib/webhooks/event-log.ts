// The webhook event log, for the admin screen: inbound messages that could not be routed
// (no number link) or not understood, newest first. Nothing Vonage sent is ever dropped.
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { webhookEvents } from "@/lib/db/schema";

export type ProblemEvent = {
  id: number;
  kind: "inbound" | "status";
  outcome: "unrouted" | "invalid" | "failed";
  ourNumber: string | null;
  theirNumber: string | null;
  reason: string | null;
  receivedAt: string;
  text: string | null;
};

/** Unrouted, invalid and failed events, newest first; `before` is the id of the last one shown. */
export async function listProblemEvents({ limit = 50, before }: { limit?: number; before?: number } = {}): Promise<ProblemEvent[]> {
  const rows = await getDb()
    .select({
      id: webhookEvents.id,
      kind: webhookEvents.kind,
      outcome: webhookEvents.outcome,
      ourNumber: webhookEvents.ourNumber,
      theirNumber: webhookEvents.theirNumber,
      reason: webhookEvents.reason,
      receivedAt: webhookEvents.receivedAt,
      text: sql<string | null>`${webhookEvents.payload} ->> 'text'`,
    })
    .from(webhookEvents)
    .where(and(inArray(webhookEvents.outcome, ["unrouted", "invalid", "failed"]), before ? lt(webhookEvents.id, before) : undefined))
    .orderBy(desc(webhookEvents.id))
    .limit(Math.min(Math.max(limit, 1), 200));
  return rows.map((r) => ({ ...r, outcome: r.outcome as ProblemEvent["outcome"], receivedAt: r.receivedAt.toISOString() }));
}

/** The raw body of one event, shown on demand. */
export async function getEventRawBody({ id }: { id: number }): Promise<string | null> {
  const [row] = await getDb().select({ rawBody: webhookEvents.rawBody }).from(webhookEvents).where(eq(webhookEvents.id, id)).limit(1);
  return row?.rawBody ?? null;
}

/** How many messages wait for a link to this number of ours. */
export async function countUnroutedFor({ ourNumber }: { ourNumber: string }): Promise<number> {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.outcome, "unrouted"), eq(webhookEvents.ourNumber, ourNumber)));
  return row?.n ?? 0;
}
