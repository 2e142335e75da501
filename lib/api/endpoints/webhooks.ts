// /api/v1/webhooks (SPEC §15): outgoing webhook endpoints, their deliveries and Send again —
// the same lib functions as Admin > Webhooks. Owners and admins only. The events' bodies are
// documented as the OpenAPI document's top-level `webhooks` (webhookEventDocs).
import "server-only";
import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { AppError } from "@/lib/http/app-error";
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES, webhookPayloadSchema } from "@/lib/webhooks/event-types";
import { MAX_URL_LENGTH } from "@/lib/webhooks/url-rules";
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  MAX_DESCRIPTION,
  resendDelivery,
  updateWebhook,
  type FieldErrors,
} from "@/lib/webhooks/subscriptions";
import { endpoint } from "../endpoint";
import { dateTime, idParam } from "../schemas/common";

const eventType = z.enum(WEBHOOK_EVENT_TYPES);

const webhookSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    description: z.string(),
    events: z.array(eventType),
    active: z.boolean(),
    disabledReason: z.string().nullable().meta({ description: "Why it is off: turned off by someone, or every delivery failed for 24 hours." }),
    failingSince: dateTime.nullable().meta({ description: "Deliveries have failed since then (null while they succeed)." }),
    createdAt: dateTime,
  })
  .meta({ id: "WebhookEndpoint" });

const deliverySchema = z
  .object({
    id: z.number().int(),
    eventId: z.string().meta({ description: "Sent as Caseline-Event-Id; the same on every attempt." }),
    eventType: z.string(),
    state: z.enum(["pending", "delivered", "failed"]).meta({ description: "pending: being retried; failed: given up (24 hours) or the endpoint was turned off." }),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: dateTime.nullable(),
    nextAttemptAt: dateTime.nullable(),
    deliveredAt: dateTime.nullable(),
    createdAt: dateTime,
  })
  .meta({ id: "WebhookDelivery" });

const url = z.string().min(1).max(MAX_URL_LENGTH).meta({ description: "https, on a public address (http and local addresses only in development or with CASELINE_ALLOW_INSECURE_WEBHOOKS=1)." });
const events = z.array(eventType).min(1);
const description = z.string().max(MAX_DESCRIPTION);

/** The lib's field errors as the API's 400, naming the field like a schema failure would. */
function refused(fieldErrors: FieldErrors): never {
  const [field, message] = Object.entries(fieldErrors)[0] ?? ["body", "is not valid"];
  throw new AppError("bad_request", `Invalid body: ${field}: ${message}`);
}

export const listWebhooksEndpoint = endpoint(
  {
    method: "get",
    path: "/webhooks",
    tag: "Webhooks",
    summary: "List webhook endpoints",
    roles: ADMIN_ROLES,
    response: { status: 200, description: "Every endpoint (never its secret).", schema: z.object({ items: z.array(webhookSchema) }) },
  },
  async ({ actor }) => ({ items: await listWebhooks(actor) }),
);

export const createWebhookEndpoint = endpoint(
  {
    method: "post",
    path: "/webhooks",
    tag: "Webhooks",
    summary: "Add a webhook endpoint",
    description:
      "The answer holds the endpoint's signing secret, the only time it is shown. Each delivery is signed with it: `Caseline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`.",
    roles: ADMIN_ROLES,
    body: z.object({ url, events, description: description.optional() }).strict(),
    bodyExamples: { crm: { url: "https://crm.example.com/caseline", events: ["case.created", "message.received"], description: "Sales CRM" } },
    response: {
      status: 201,
      description: "The new endpoint and its secret.",
      schema: z.object({ webhook: webhookSchema, secret: z.string().meta({ example: "whsec_…" }) }).meta({ id: "NewWebhookEndpoint" }),
    },
  },
  async ({ actor, body }) => {
    const created = await createWebhook(actor, { url: body.url, events: body.events, description: body.description ?? "" });
    if (!created.ok) refused(created.fieldErrors);
    return { webhook: created.webhook, secret: created.secret };
  },
);

export const patchWebhookEndpoint = endpoint(
  {
    method: "patch",
    path: "/webhooks/{id}",
    tag: "Webhooks",
    summary: "Change a webhook endpoint, or turn it on or off",
    description: "Turning it off fails its pending deliveries; turning it on clears the reason it was off.",
    roles: ADMIN_ROLES,
    params: z.object({ id: idParam }),
    body: z.object({ url: url.optional(), events: events.optional(), description: description.optional(), active: z.boolean().optional() }).strict(),
    bodyExamples: { off: { active: false }, events: { events: ["case.created", "case.updated"] } },
    response: { status: 200, description: "The endpoint as it is now.", schema: webhookSchema },
    errors: [404],
  },
  async ({ actor, params, body }) => {
    const updated = await updateWebhook(actor, params.id, body);
    if (!updated.ok) refused(updated.fieldErrors);
    return updated.webhook;
  },
);

export const deleteWebhookEndpoint = endpoint(
  {
    method: "delete",
    path: "/webhooks/{id}",
    tag: "Webhooks",
    summary: "Delete a webhook endpoint",
    description: "It receives nothing more; its delivery history goes with it.",
    roles: ADMIN_ROLES,
    params: z.object({ id: idParam }),
    response: { status: 200, description: "The deleted endpoint.", schema: webhookSchema },
    errors: [404],
  },
  ({ actor, params }) => deleteWebhook(actor, params.id),
);

export const listDeliveriesEndpoint = endpoint(
  {
    method: "get",
    path: "/webhooks/{id}/deliveries",
    tag: "Webhooks",
    summary: "List an endpoint's deliveries",
    description: "Newest first. Pass the answer's `nextCursor` as `cursor` for the next page.",
    roles: ADMIN_ROLES,
    params: z.object({ id: idParam }),
    query: z.object({ cursor: idParam.optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
    response: {
      status: 200,
      description: "A page of deliveries.",
      schema: z.object({ items: z.array(deliverySchema), nextCursor: z.number().int().nullable() }),
    },
    errors: [404],
  },
  async ({ actor, params, query }) => {
    const page = await listDeliveries(actor, params.id, { before: query.cursor, limit: query.limit });
    return { items: page.deliveries, nextCursor: page.nextCursor };
  },
);

export const resendDeliveryEndpoint = endpoint(
  {
    method: "post",
    path: "/webhooks/{id}/deliveries/{deliveryId}/resend",
    tag: "Webhooks",
    summary: "Send a delivery again",
    description: "One new attempt, now, with the same event id and body. 409 when the endpoint is off.",
    roles: ADMIN_ROLES,
    params: z.object({ id: idParam, deliveryId: idParam }),
    response: { status: 202, description: "Queued: the delivery, pending again.", schema: deliverySchema },
    errors: [404, 409],
  },
  ({ actor, params }) => resendDelivery(actor, params.id, params.deliveryId),
);

/** The events as OpenAPI 3.1 `webhooks`: what Caseline posts to an endpoint. */
export const webhookEventDocs: RouteConfig[] = WEBHOOK_EVENT_TYPES.map((type) => ({
  method: "post",
  path: type,
  tags: ["Webhooks"],
  summary: type,
  description: `${WEBHOOK_EVENT_DESCRIPTIONS[type]} Delivered to the endpoints subscribed to it; retried with backoff for 24 hours until one answers 2xx within 10 s. Events can repeat and arrive in any order: deduplicate on Caseline-Event-Id.`,
  request: {
    headers: z.object({
      "Caseline-Event-Id": z.string().meta({ description: "The event's id: the same for every attempt." }),
      "Caseline-Signature": z.string().meta({ description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint\'s secret>' }),
    }),
    body: { content: { "application/json": { schema: webhookPayloadSchema(type) } } },
  },
  responses: { 200: { description: "Any 2xx within 10 s acknowledges the delivery." } },
}));
