// The webhook events are in the OpenAPI document's top-level `webhooks` (OpenAPI 3.1), each
// with its signed headers and a body schema a real payload passes.
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { WEBHOOK_EVENT_TYPES, webhookPayloadSchema } from "@/lib/webhooks/event-types";

type WebhookOperation = {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
};

describe("the OpenAPI document's webhooks", () => {
  const document = openApiDocument();
  const webhooks = document.webhooks as Record<string, { post: WebhookOperation }>;

  it("describes every event with its headers and body", () => {
    expect(Object.keys(webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const type of WEBHOOK_EVENT_TYPES) {
      const operation = webhooks[type]!.post;
      expect(operation.parameters?.filter((p) => p.in === "header").map((p) => p.name).sort()).toEqual(["Caseline-Event-Id", "Caseline-Signature"]);
      expect(Object.keys(operation.requestBody!.content!["application/json"]!.schema!.properties!)).toEqual(["id", "type", "createdAt", "data"]);
    }
  });

  it("has body schemas that a real message.received passes and a wrong one does not", () => {
    const payload = {
      id: "0b6d3f5e-2a7c-4a51-9d7e-6f0b1c2d3e4f",
      type: "message.received",
      createdAt: "2026-03-01T09:30:00.000Z",
      data: {
        message: { id: 7, direction: "inbound", channel: "sms", ourNumber: "447700900000", theirNumber: "447700900001", type: "text", text: "Hi", status: "received", error: null, automatic: false, at: "2026-03-01T09:30:00.000Z" },
        caseIds: [12],
        surveyId: 1,
      },
    };
    expect(webhookPayloadSchema("message.received").safeParse(payload).success).toBe(true);
    expect(webhookPayloadSchema("message.received").safeParse({ ...payload, type: "message.sent" }).success).toBe(false);
    expect(webhookPayloadSchema("message.received").safeParse({ ...payload, data: { ...payload.data, caseIds: "12" } }).success).toBe(false);
  });
});
