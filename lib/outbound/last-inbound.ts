import "server-only";
import { and, eq, max } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { messages } from "@/lib/db/schema";

/**
 * When the person last wrote to this number of ours (the WhatsApp window starts there).
 * No actor: called by use cases that have already checked the actor may see the case.
 */
export async function lastInboundAt(theirNumber: string, ourNumber: string): Promise<Date | null> {
  const [row] = await getDb()
    .select({ at: max(messages.at) })
    .from(messages)
    .where(and(eq(messages.direction, "inbound"), eq(messages.theirNumber, theirNumber), eq(messages.ourNumber, ourNumber)));
  return row?.at ?? null;
}
