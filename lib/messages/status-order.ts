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

/** Not delivered, for good: no later report changes them (SPEC §4), not even "read"; staff may Retry. */
export const FAILED_STATUSES = ["rejected", "undeliverable", "failed"] as const satisfies readonly MessageStatus[];

export function isFailed(status: MessageStatus): boolean {
  return (FAILED_STATUSES as readonly MessageStatus[]).includes(status);
}

export function isForward(current: MessageStatus, incoming: MessageStatus): boolean {
  return !isFailed(current) && RANK[incoming] > RANK[current];
}

/** The statuses a report of `incoming` may replace (the status webhook's WHERE clause). */
export function statusesBefore(incoming: MessageStatus): MessageStatus[] {
  return (Object.keys(RANK) as MessageStatus[]).filter((s) => isForward(s, incoming));
}
