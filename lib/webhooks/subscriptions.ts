// Admin > Webhooks and /api/v1/webhooks (SPEC §15): endpoints (URL, events, a secret shown
// once), their deliveries, Send again. Owners and admins only; every change is in the audit
// log (never the secret).
import "server-only";
import { randomBytes } from "node:crypto";
import dns from "node:dns/promises";
import { and, desc, eq, lt } from "drizzle-orm";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { getDb, transaction, type Tx } from "@/lib/db/client";
import { webhookDeliveries, webhookSubscriptions } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { isWebhookEventType, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./event-types";
import { WEBHOOK_WAKE_CHANNEL } from "./outbox";
import { failPendingDeliveries } from "./queue";
import { checkWebhookUrl, insecureWebhooksAllowed, isPublicAddress, privateAddressError } from "./url-rules";

export const MAX_DESCRIPTION = 200;
export const DELIVERY_PAGE = 50;

export type WebhookInput = { url: string; events: string[]; description: string };
export type WebhookPatch = Partial<WebhookInput> & { active?: boolean };
export type FieldErrors = Record<string, string>;

export type WebhookEndpoint = {
  id: number;
  url: string;
  description: string;
  events: WebhookEventType[];
  active: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
};

export type WebhookDelivery = {
  id: number;
  eventId: string;
  eventType: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
};

const endpointColumns = {
  id: webhookSubscriptions.id,
  url: webhookSubscriptions.url,
  description: webhookSubscriptions.description,
  events: webhookSubscriptions.events,
  active: webhookSubscriptions.active,
  disabledReason: webhookSubscriptions.disabledReason,
  failingSince: webhookSubscriptions.failingSince,
  createdAt: webhookSubscriptions.createdAt,
};

type EndpointRow = Pick<typeof webhookSubscriptions.$inferSelect, keyof typeof endpointColumns>;

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    ...row,
    events: row.events.filter(isWebhookEventType),
    failingSince: row.failingSince?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

export async function listWebhooks(actor: CurrentUser): Promise<WebhookEndpoint[]> {
  assertRole(actor, ADMIN_ROLES);
  const rows = await getDb().select(endpointColumns).from(webhookSubscriptions).orderBy(webhookSubscriptions.id);
  return rows.map(toEndpoint);
}

export async function getWebhook(actor: CurrentUser, id: number, db: Tx | ReturnType<typeof getDb> = getDb(), lock = false): Promise<WebhookEndpoint> {
  assertRole(actor, ADMIN_ROLES);
  const query = db.select(endpointColumns).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new AppError("not_found", "Webhook endpoint not found.");
  return toEndpoint(row);
}

/** A new secret: what receivers key HMAC-SHA256 with, exactly as shown (prefix included). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** Checks what an admin typed; the URL's host must resolve to public addresses only (unless insecure URLs are allowed). */
async function checkInput(input: Partial<WebhookInput>): Promise<{ ok: true; value: Partial<WebhookInput> & { events?: WebhookEventType[] } } | { ok: false; fieldErrors: FieldErrors }> {
  const fieldErrors: FieldErrors = {};
  const value: Partial<WebhookInput> & { events?: WebhookEventType[] } = {};
  if (input.url !== undefined) {
    const allowInsecure = insecureWebhooksAllowed(env());
    const checked = checkWebhookUrl(input.url, { allowInsecure });
    if (!checked.ok) fieldErrors.url = checked.error;
    else {
      const problem = allowInsecure ? null : await resolvesToPublicAddresses(checked.hostname);
      if (problem) fieldErrors.url = problem;
      else value.url = checked.url;
    }
  }
  if (input.events !== undefined) {
    const unknown = input.events.filter((event) => !isWebhookEventType(event));
    if (unknown.length) fieldErrors.events = `Unknown event: ${unknown[0]}. Choose from ${WEBHOOK_EVENT_TYPES.join(", ")}.`;
    else if (input.events.length === 0) fieldErrors.events = "Choose at least one event.";
    else value.events = WEBHOOK_EVENT_TYPES.filter((event) => input.events!.includes(event));
  }
  if (input.description !== undefined) {
    const description = input.description.replace(/\s+/g, " ").trim();
    if (description.length > MAX_DESCRIPTION) fieldErrors.description = `The description can be at most ${MAX_DESCRIPTION} characters.`;
    else value.description = description;
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, value };
}

async function resolvesToPublicAddresses(hostname: string): Promise<string | null> {
  if (isPublicAddress(hostname)) return null; // a public IP address written in the URL
  try {
    const addresses = await dns.lookup(hostname, { all: true });
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    return refused ? privateAddressError(`${hostname} (${refused.address})`) : null;
  } catch {
    return `The host ${hostname} could not be found.`;
  }
}

export async function createWebhook(
  actor: CurrentUser,
  input: WebhookInput,
): Promise<{ ok: true; webhook: WebhookEndpoint; secret: string } | { ok: false; fieldErrors: FieldErrors }> {
  assertRole(actor, ADMIN_ROLES);
  const checked = await checkInput(input);
  if (!checked.ok) return checked;
  const { url, events, description } = checked.value as Required<typeof checked.value>;
  const secret = newWebhookSecret();
  const webhook = await transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookSubscriptions)
      .values({ url, events, description, secretEncrypted: encryptSecret(secret), createdBy: actor.id })
      .returning(endpointColumns);
    await recordAudit(tx, actor, { action: "webhook.created", target: `webhook:${row!.id}`, after: { url, events, description } });
    return toEndpoint(row!);
  });
  return { ok: true, webhook, secret };
}

/**
 * Changes an endpoint's URL, events, description, or turns it on or off. Turning it off
 * fails its pending deliveries (they can be sent again once it is on); turning it on
 * clears the failing streak and the reason it was off.
 */
export async function updateWebhook(
  actor: CurrentUser,
  id: number,
  patch: WebhookPatch,
): Promise<{ ok: true; webhook: WebhookEndpoint } | { ok: false; fieldErrors: FieldErrors }> {
  assertRole(actor, ADMIN_ROLES);
  const checked = await checkInput(patch);
  if (!checked.ok) return checked;
  return transaction(async (tx) => {
    const before = await getWebhook(actor, id, tx, true);
    const set: Partial<typeof webhookSubscriptions.$inferInsert> = { ...checked.value, updatedAt: new Date() };
    if (patch.active === true && !before.active) Object.assign(set, { active: true, disabledReason: null, failingSince: null });
    if (patch.active === false && before.active) Object.assign(set, { active: false, disabledReason: `Turned off by ${actor.name || actor.email}.` });
    const [row] = await tx.update(webhookSubscriptions).set(set).where(eq(webhookSubscriptions.id, id)).returning(endpointColumns);
    const after = toEndpoint(row!);
    if (!after.active && before.active) await failPendingDeliveries(tx.$client, id, "not sent: the endpoint was turned off");
    const changed = (["url", "events", "description", "active"] as const).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
    if (changed.length) {
      const pick = (endpoint: WebhookEndpoint) => Object.fromEntries(changed.map((key) => [key, endpoint[key]]));
      const action = changed.length === 1 && changed[0] === "active" ? (after.active ? "webhook.enabled" : "webhook.disabled") : "webhook.updated";
      await recordAudit(tx, actor, { action, target: `webhook:${id}`, before: pick(before), after: pick(after) });
    }
    return { ok: true as const, webhook: after };
  });
}

/** Deletes the endpoint and its deliveries; returns what it was. */
export async function deleteWebhook(actor: CurrentUser, id: number): Promise<WebhookEndpoint> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    // The endpoint first, then its deliveries in id order (as the worker locks them), then
    // the endpoint goes: deleting it alone would lock its deliveries in any order.
    const endpoint = await getWebhook(actor, id, tx, true);
    await tx.$client`
      delete from webhook_deliveries where id in (select id from webhook_deliveries where subscription_id = ${id} order by id for update)`;
    const [row] = await tx
      .delete(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, id))
      .returning({ url: webhookSubscriptions.url, events: webhookSubscriptions.events, description: webhookSubscriptions.description });
    if (!row) throw new AppError("not_found", "Webhook endpoint not found.");
    await recordAudit(tx, actor, { action: "webhook.deleted", target: `webhook:${id}`, before: row });
    return endpoint;
  });
}

/** An endpoint's deliveries, newest first, `limit` at a time (keyset: pass the last id as `before`). */
export async function listDeliveries(
  actor: CurrentUser,
  webhookId: number,
  { before, limit = DELIVERY_PAGE }: { before?: number; limit?: number } = {},
): Promise<{ deliveries: WebhookDelivery[]; nextCursor: number | null }> {
  await getWebhook(actor, webhookId);
  const size = Math.min(Math.max(limit, 1), 200);
  const rows = await getDb()
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.subscriptionId, webhookId), before ? lt(webhookDeliveries.id, before) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(size + 1);
  const page = rows.slice(0, size).map(toDelivery);
  return { deliveries: page, nextCursor: rows.length > size ? page.at(-1)!.id : null };
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  eventId: webhookDeliveries.eventId,
  eventType: webhookDeliveries.eventType,
  state: webhookDeliveries.state,
  attempts: webhookDeliveries.attempts,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  deliveredAt: webhookDeliveries.deliveredAt,
  createdAt: webhookDeliveries.createdAt,
};

function toDelivery(row: Pick<typeof webhookDeliveries.$inferSelect, keyof typeof deliveryColumns>): WebhookDelivery {
  return {
    ...row,
    lastAttemptAt: iso(row.lastAttemptAt),
    nextAttemptAt: row.state === "pending" ? iso(row.nextAttemptAt) : null,
    deliveredAt: iso(row.deliveredAt),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Send again: one new attempt of the delivery, now, with the same event id and body. The
 * relay queues it (the web process needs no job queue of its own); if it fails too, it is
 * retried only while the event is less than 24 hours old.
 */
export async function resendDelivery(actor: CurrentUser, webhookId: number, deliveryId: number): Promise<WebhookDelivery> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    const endpoint = await getWebhook(actor, webhookId, tx);
    if (!endpoint.active) throw new AppError("conflict", "Turn the endpoint on first: deliveries go to active endpoints only.");
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ state: "pending", queuedAt: null, nextAttemptAt: new Date() })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, webhookId)))
      .returning(deliveryColumns);
    if (!row) throw new AppError("not_found", "Delivery not found.");
    await tx.$client`select pg_notify(${WEBHOOK_WAKE_CHANNEL}, '')`;
    await recordAudit(tx, actor, { action: "webhook.delivery_resent", target: `webhook:${webhookId}`, after: { deliveryId, eventId: row.eventId, eventType: row.eventType } });
    return toDelivery(row);
  });
}
