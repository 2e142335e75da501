// SPEC §4: delivery statuses only move forward. Vonage retries status webhooks
// independently, so they arrive out of order; a late "delivered" never overwrites "read".
import type { Message } from "@/lib/db/schema";

export type MessageStatus = Message["status"];

const RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  submitted: 1,
  // A final outcome: delivered (then perhaps read), or not delivered at all.
  delivered: 2,
  rejected: 2,
  undeliverable: 2,
  failed: 2,
  read: 3,
};

/** Not delivered, for good: no later report changes them (SPEC §4), not even "read". */
const FINAL: ReadonlySet<MessageStatus> = new Set(["rejected", "undeliverable", "failed"]);

export function isForward(current: MessageStatus, incoming: MessageStatus): boolean {
  return !FINAL.has(current) && RANK[incoming] > RANK[current];
}

/** The statuses a report of `incoming` may replace (the status webhook's WHERE clause). */
export function statusesBefore(incoming: MessageStatus): MessageStatus[] {
  return (Object.keys(RANK) as MessageStatus[]).filter((s) => isForward(s, incoming));
}
