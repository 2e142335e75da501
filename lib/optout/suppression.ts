// SPEC §12: whether a number has opted out of messages from one of our numbers, and the one
// check every outbound path makes before it queues anything (staff replies, Retry, the
// automatic replies in routing — which check it in their own SQL — and any later path:
// templates, out-of-hours replies). The send worker checks again before sending
// (lib/worker/send-message.ts), for a message queued just before the STOP arrived.
import "server-only";
import { and, eq } from "drizzle-orm";
import type postgres from "postgres";
import { getDb, type Executor } from "@/lib/db/client";
import { optOuts } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { optedOutReason } from "./keywords";

/** Opted out: since when, and the word they sent. */
export type OptOutState = { since: Date; keyword: string };

/** The opt-out of (our number, their number), or null when messages may be sent. */
export async function optOutOf(ourNumber: string, theirNumber: string, db: Executor = getDb()): Promise<OptOutState | null> {
  const [row] = await db
    .select({ since: optOuts.since, keyword: optOuts.keyword })
    .from(optOuts)
    .where(and(eq(optOuts.ourNumber, ourNumber), eq(optOuts.theirNumber, theirNumber)))
    .limit(1);
  return row ?? null;
}

/**
 * Refuses (409, with the reason to show) a message from `ourNumber` to a number that opted
 * out of it. Call it before storing or queueing any outbound message; inside the caller's
 * transaction when there is one (pass it as `db`).
 */
export async function assertMaySend(ourNumber: string, theirNumber: string, db: Executor = getDb()): Promise<void> {
  const optOut = await optOutOf(ourNumber, theirNumber, db);
  if (optOut) throw new OptedOutError(theirNumber, optOut);
}

/** The refusal: a 409 whose message is safe to show, with the opt-out it is about. */
export class OptedOutError extends AppError {
  readonly optOut: OptOutState;
  constructor(theirNumber: string, optOut: OptOutState) {
    super("conflict", optedOutReason(theirNumber, optOut));
    this.optOut = optOut;
  }
}

/**
 * The same rule as SQL, for an automatic reply written inside a routing statement (the
 * which-case reply, the out-of-hours reply): true when it may be queued. Opt-out is an SMS
 * rule (SPEC §12); WhatsApp has no keywords.
 */
export function mayAutoReplySql(sql: postgres.Sql, { channel, ourNumber, theirNumber }: { channel: "sms" | "whatsapp"; ourNumber: string; theirNumber: string }) {
  return sql`(${channel === "whatsapp"} or not exists (select 1 from opt_outs where our_number = ${ourNumber} and their_number = ${theirNumber}))`;
}
