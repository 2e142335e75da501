// SPEC §15: /api/v1/webhooks through the real route modules — owners and admins manage
// endpoints and see deliveries, staff are refused, bad bodies answer 400 naming the field.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { api, tokenFor } from "../support/api";
import { asUser, createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900300";
let adminToken = "";
let staffToken = "";


beforeAll(async () => {
  useWebhookSecret();
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: N, surveyId: survey.id });
  adminToken = await tokenFor(asUser(await createUser({ email: "admin@example.com", name: "Ada Admin", role: "admin", password: "password-1" })), "admin");
  const staff = asUser(await createUser({ email: "staff@example.com", name: "Sam Staff", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id})`;
  staffToken = await tokenFor(staff, "staff");
});

describe("/api/v1/webhooks", () => {
  it("lets an admin add, change, turn off and on, list deliveries, send again and delete", async () => {
    const created = await api(adminToken, "POST", "/webhooks", { url: "http://127.0.0.1:9/hooks", events: ["message.received", "case.created"], description: "CRM" });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.webhook.id as number;
    expect(created.body.webhook).toMatchObject({ url: "http://127.0.0.1:9/hooks", events: ["case.created", "message.received"], active: true });

    const list = await api(adminToken, "GET", "/webhooks");
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    // A message makes a delivery (no worker here: it stays pending).
    const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from: "447911000300", to: N, text: "Hi" })));
    expect(response.status).toBe(200);
    const deliveries = await api(adminToken, "GET", `/webhooks/${id}/deliveries?limit=1`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.items).toHaveLength(1);
    expect(deliveries.body.nextCursor).toEqual(expect.any(Number));
    const older = await api(adminToken, "GET", `/webhooks/${id}/deliveries?cursor=${deliveries.body.nextCursor}`);
    expect(older.body).toMatchObject({ items: [expect.objectContaining({ state: "pending" })], nextCursor: null });
    const types = [deliveries.body.items[0].eventType, older.body.items[0].eventType].sort();
    expect(types).toEqual(["case.created", "message.received"]);

    const off = await api(adminToken, "PATCH", `/webhooks/${id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, disabledReason: "Turned off by Ada Admin." });
    const deliveryId = older.body.items[0].id as number;
    const refusedResend = await api(adminToken, "POST", `/webhooks/${id}/deliveries/${deliveryId}/resend`);
    expect(refusedResend.status).toBe(409);

    const on = await api(adminToken, "PATCH", `/webhooks/${id}`, { active: true, events: ["case.updated"] });
    expect(on.body).toMatchObject({ active: true, disabledReason: null, events: ["case.updated"] });
    const resent = await api(adminToken, "POST", `/webhooks/${id}/deliveries/${deliveryId}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: deliveryId, state: "pending" });
    expect((await api(adminToken, "POST", `/webhooks/${id}/deliveries/999999/resend`)).status).toBe(404);

    const deleted = await api(adminToken, "DELETE", `/webhooks/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.id).toBe(id);
    expect((await api(adminToken, "DELETE", `/webhooks/${id}`)).status).toBe(404);
    expect((await api(adminToken, "GET", `/webhooks/${id}/deliveries`)).status).toBe(404);
  });

  it("answers 400 naming the field", async () => {
    const badEvent = await api(adminToken, "POST", "/webhooks", { url: "https://crm.example.com/hook", events: ["case.deleted"] });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.error.message).toMatch(/^Invalid body: events\.0: /);
    const noEvents = await api(adminToken, "POST", "/webhooks", { url: "https://crm.example.com/hook", events: [] });
    expect(noEvents.body.error.message).toMatch(/^Invalid body: events: /);
    const badUrl = await api(adminToken, "POST", "/webhooks", { url: "ftp://crm.example.com/hook", events: ["case.created"] });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.message).toMatch(/^Invalid body: url: The URL must start with https:\/\//);
    const unknownField = await api(adminToken, "PATCH", "/webhooks/1", { colour: "red" });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toMatch(/colour/);
  });

  it("refuses staff (403) on every webhook endpoint", async () => {
    const created = await api(adminToken, "POST", "/webhooks", { url: "http://127.0.0.1:9/x", events: ["case.created"] });
    const id = created.body.webhook.id as number;
    for (const [method, path, body] of [
      ["GET", "/webhooks", undefined],
      ["POST", "/webhooks", { url: "http://127.0.0.1:9/y", events: ["case.created"] }],
      ["PATCH", `/webhooks/${id}`, { active: false }],
      ["DELETE", `/webhooks/${id}`, undefined],
      ["GET", `/webhooks/${id}/deliveries`, undefined],
      ["POST", `/webhooks/${id}/deliveries/1/resend`, undefined],
    ] as const) {
      const answer = await api(staffToken, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
    }
    expect((await api(adminToken, "GET", "/webhooks")).body.items).toHaveLength(1);
  });
});
