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

export function isForward(current: MessageStatus, incoming: MessageStatus): boolean {
  return RANK[incoming] > RANK[current];
}

export function statusesBefore(incoming: MessageStatus): MessageStatus[] {
  return (Object.keys(RANK) as MessageStatus[]).filter((s) => RANK[s] < RANK[incoming]);
}
