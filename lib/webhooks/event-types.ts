// The outgoing webhook events (SPEC §15): their names and the shape of each one's `data`.
// Every delivery's body is `{ id, type, createdAt, data }`; these zod schemas are what the
// OpenAPI document shows receivers, and what the tests check emitted payloads against.
// Pure (no I/O), so pages and the API document can import it.
import { z } from "zod";

export const WEBHOOK_EVENT_TYPES = [
  "case.created",
  "case.updated",
  "case.assigned",
  "message.received",
  "message.sent",
  "message.status",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each event means, for the admin page's checkboxes and the API document. */
export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  "case.created": "A case was created: by a message from a new person, #0, or a message moved to a case of its own.",
  "case.updated": "A case's title, notes, answers, status or messages changed.",
  "case.assigned": "A case was given to someone, or unassigned.",
  "message.received": "A message from a person arrived and was routed into its cases.",
  "message.sent": "The provider accepted a reply (or an automatic reply) for delivery.",
  "message.status": "A reply's delivery status moved on (delivered, read, rejected, undeliverable, failed).",
};

/** An ISO 8601 time in UTC, e.g. "2026-03-01T09:30:00.000Z". */
const timestamp = z.string().describe("ISO 8601 time in UTC");

export const webhookMessageSchema = z.object({
  id: z.number().int(),
  direction: z.enum(["inbound", "outbound"]),
  channel: z.enum(["sms", "mms", "whatsapp"]),
  ourNumber: z.string().describe("Our number, E.164 digits without +"),
  theirNumber: z.string().describe("The person's number, E.164 digits without +"),
  type: z.string().describe("text, image, audio, video, file, location, …"),
  text: z.string().nullable(),
  status: z.enum(["received", "queued", "submitted", "delivered", "read", "rejected", "undeliverable", "failed"]),
  error: z.object({ code: z.string().nullable(), detail: z.string().nullable() }).nullable().describe("Why it was not delivered, when it was not"),
  automatic: z.boolean().describe("An automatic reply (several open cases)"),
  at: timestamp,
});

export const webhookCaseSchema = z.object({
  id: z.number().int().describe("The case reference (#123)"),
  surveyId: z.number().int(),
  title: z.string(),
  status: z.string().nullable().describe("The status question's answer"),
  open: z.boolean(),
  theirNumber: z.string().nullable(),
  ourNumber: z.string().nullable(),
  channel: z.enum(["sms", "whatsapp"]).nullable(),
  lastActivityAt: timestamp,
});

const messageEventData = z.object({
  message: webhookMessageSchema,
  caseIds: z.array(z.number().int()).describe("The cases the message is in"),
  surveyId: z.number().int().nullable(),
});

export const webhookEventDataSchemas = {
  "case.created": z.object({
    case: webhookCaseSchema,
    cause: z.enum(["message", "moved"]).describe("A message created it, or a message was moved into it"),
    messageId: z.number().int().nullable(),
    fromCaseId: z.number().int().nullable().describe("For a moved message: the case it left"),
  }),
  "case.updated": z.object({
    case: webhookCaseSchema,
    changedFields: z.array(z.string()).describe('e.g. "title", "notes", "status", "open", "answers.priority", "messages"'),
    previous: z.object({ title: z.string(), status: z.string().nullable(), open: z.boolean() }),
  }),
  "case.assigned": z.object({
    case: webhookCaseSchema,
    assigneeId: z.number().int().nullable(),
    previousAssigneeId: z.number().int().nullable(),
  }),
  "message.received": messageEventData,
  "message.sent": messageEventData,
  "message.status": messageEventData,
} satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookEventData<T extends WebhookEventType> = z.infer<(typeof webhookEventDataSchemas)[T]>;
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;
export type WebhookCase = z.infer<typeof webhookCaseSchema>;

/** The body of one delivery of an event of type T. */
export function webhookPayloadSchema<T extends WebhookEventType>(type: T) {
  return z.object({
    id: z.string().describe("The event's id, also sent as Caseline-Event-Id: the same on every retry"),
    type: z.literal(type),
    createdAt: timestamp,
    data: webhookEventDataSchemas[type],
  });
}

export type WebhookPayload<T extends WebhookEventType = WebhookEventType> = {
  id: string;
  type: T;
  createdAt: string;
  data: WebhookEventData<T>;
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
