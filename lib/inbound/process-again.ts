// "Process again": after a number is linked, the messages that waited for it in the event log
// are routed through the normal rules, oldest first, each in its own transaction (the
// inbound path's code, so a message is routed exactly as if it had just arrived).
import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction } from "@/lib/db/client";
import { numberLinks, webhookEvents } from "@/lib/db/schema";
import { parseInboundPayload } from "@/lib/vonage/inbound-payload";
import { rerouteUnroutedEvent } from "./route-inbound";

export async function processUnroutedAgain(actor: CurrentUser, { ourNumber }: { ourNumber: string }): Promise<{ routed: number; stillWaiting: number }> {
  assertRole(actor, ADMIN_ROLES);
  const waiting = await getDb()
    .select({ id: webhookEvents.id, payload: webhookEvents.payload })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.outcome, "unrouted"), eq(webhookEvents.ourNumber, ourNumber)))
    .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id));
  let routed = 0;
  for (const event of waiting) {
    const parsed = parseInboundPayload(event.payload);
    if (!parsed.ok) continue;
    const result = await transaction((tx, finish) => rerouteUnroutedEvent(tx, finish, event.id, parsed.message));
    if (result?.outcome === "routed") routed++;
  }
  const result = { routed, stillWaiting: waiting.length - routed };
  // Each message was routed in its own transaction (as if it had just arrived); the admin's
  // action is one entry with what came of it. The survey is the link's at this moment.
  const [link] = await getDb().select({ id: numberLinks.id, surveyId: numberLinks.surveyId }).from(numberLinks).where(eq(numberLinks.ourNumber, ourNumber)).limit(1);
  await recordAudit(getDb(), actor, {
    action: "inbound.processed_again",
    surveyId: link?.surveyId ?? null,
    target: link ? `number_link:${link.id}` : null,
    after: { ourNumber, ...result },
  });
  return result;
}
