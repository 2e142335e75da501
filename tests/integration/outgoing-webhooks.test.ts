// Outgoing webhooks (SPEC §15) against a real HTTP receiver on 127.0.0.1, with the real
// relay and delivery worker in this process, on real PostgreSQL.
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { moveMessageToNewCase } from "@/lib/cases/move-message";
import { updateCase } from "@/lib/cases/update-case";
import { getSql, transaction } from "@/lib/db/client";
import { queueReply } from "@/lib/outbound/queue-reply";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { startWebhookWorker, type WebhookWorker } from "@/lib/webhooks/delivery-worker";
import { isWebhookEventType, webhookPayloadSchema, type WebhookEventType } from "@/lib/webhooks/event-types";
import { emitMessageEvent, emitWebhookEvent } from "@/lib/webhooks/outbox";
import { relayPendingDeliveries } from "@/lib/webhooks/relay";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, resendDelivery, updateWebhook } from "@/lib/webhooks/subscriptions";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { casesOf, threadOf } from "../support/inspect";
import { newKey, pointSdkAtFakeVonage, postStatus } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { startWebhookReceiver, type ReceivedDelivery, type WebhookReceiver } from "../support/webhook-receiver";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
let admin: CurrentUser;
let staff: CurrentUser;
let worker: WebhookWorker;
const receivers: WebhookReceiver[] = [];
const workerLog: string[] = [];
let person = 0;
const newPerson = () => `4477006${String(person++).padStart(5, "0")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  useWebhookSecret();
  process.env.WEBHOOK_RETRY_BASE_SECONDS = "1";
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: N, surveyId: survey.id });
  admin = asUser(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id})`;
  worker = await startWebhookWorker({ connectionString: process.env.DATABASE_URL!, log: (line) => workerLog.push(line), pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await worker.stop();
  await Promise.all(receivers.map((r) => r.close()));
  if (workerLog.length) console.log(workerLog.join("\n"));
});

// Every test subscribes its own endpoints.
afterEach(async () => {
  for (const { id } of await listWebhooks(admin)) await deleteWebhook(admin, id);
});

async function receiver(): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver();
  receivers.push(r);
  return r;
}

async function subscribe(url: string, events: WebhookEventType[]) {
  const created = await createWebhook(admin, { url, events, description: "CRM" });
  if (!created.ok) throw new Error(JSON.stringify(created.fieldErrors));
  return created;
}

async function send(from: string, text = "Hello") {
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to: N, text })));
  expect(response.status).toBe(200);
}

/** The README's recipe, written out as a receiver would: not the app's own verifier. */
function verifiesWithRecipe(secret: string, delivery: ReceivedDelivery): boolean {
  const parts = Object.fromEntries(delivery.signature.split(",").map((part) => part.split("=")));
  const expected = createHmac("sha256", secret).update(`${parts.t}.${delivery.body}`).digest("hex");
  return parts.v1 === expected && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

function parsed(delivery: ReceivedDelivery) {
  const body = JSON.parse(delivery.body) as { id: string; type: string; data: Record<string, unknown> };
  if (!isWebhookEventType(body.type)) throw new Error(`unknown type ${body.type}`);
  // The payload is what the API document says it is.
  webhookPayloadSchema(body.type).parse(body);
  return body;
}

const ofType = (r: WebhookReceiver, type: string) => r.received.map(parsed).filter((body) => body.type === type);

async function deliveryStates(subscriptionId: number) {
  return getSql()<Array<{ id: number; eventId: string; state: string; attempts: number; lastStatusCode: number | null; lastError: string | null }>>`
    select id::int, event_id as "eventId", state, attempts, last_status_code as "lastStatusCode", last_error as "lastError"
    from webhook_deliveries where subscription_id = ${subscriptionId} order by id`;
}

describe("deliveries", () => {
  it("are signed as documented and carry the events of the change: a new case, a message, an edit, a move", async () => {
    const r = await receiver();
    const { webhook, secret } = await subscribe(r.url, ["case.created", "case.updated", "message.received"]);
    const P = newPerson();
    await send(P, "My tap is broken");
    const [kase] = await casesOf(P);
    await waitFor(() => r.received.length >= 2, { what: "the first two deliveries" });

    for (const delivery of r.received) {
      expect(verifiesWithRecipe(secret, delivery)).toBe(true);
      expect(verifiesWithRecipe("whsec_someone-else", delivery)).toBe(false);
      expect(delivery.contentType).toBe("application/json");
      expect(delivery.userAgent).toMatch(/^Caseline/);
      expect(JSON.parse(delivery.body).id).toBe(delivery.eventId);
      // The documented key order.
      expect(Object.keys(JSON.parse(delivery.body))).toEqual(["id", "type", "createdAt", "data"]);
    }
    const [created] = ofType(r, "case.created");
    expect(created!.data).toMatchObject({ case: { id: kase!.id, title: "My tap is broken", status: "new", open: true, theirNumber: P, ourNumber: N, channel: "sms" }, cause: "message" });
    const [received] = ofType(r, "message.received");
    expect(received!.data).toMatchObject({
      message: { direction: "inbound", text: "My tap is broken", theirNumber: P, ourNumber: N, status: "received", type: "text" },
      caseIds: [kase!.id],
    });

    // A second message joins the open case: message.received only.
    await send(P, "Still broken");
    await waitFor(() => ofType(r, "message.received").length === 2, { what: "the second message" });
    expect(ofType(r, "message.received")[1]!.data).toMatchObject({ message: { text: "Still broken" }, caseIds: [kase!.id] });
    expect(ofType(r, "case.created")).toHaveLength(1);

    // An edit: case.updated, with what changed and what it was.
    expect(await updateCase(staff, { caseId: kase!.id, edit: { title: "Broken tap", notes: "", answers: { status: "resolved" } } })).toMatchObject({ ok: true });
    await waitFor(() => ofType(r, "case.updated").length === 1, { what: "case.updated" });
    expect(ofType(r, "case.updated")[0]!.data).toMatchObject({
      case: { id: kase!.id, title: "Broken tap", status: "resolved", open: false },
      changedFields: ["title", "status", "open"],
      previous: { title: "My tap is broken", status: "new", open: true },
    });

    // A move: the new case is created, the old one updated.
    const thread = await threadOf(kase!.id);
    const { newCaseId } = await moveMessageToNewCase(staff, { caseId: kase!.id, messageId: thread[1]!.id, comment: "separate" });
    await waitFor(() => ofType(r, "case.updated").length === 2 && ofType(r, "case.created").length === 2, { what: "the move's events" });
    expect(ofType(r, "case.created")[1]!.data).toMatchObject({ case: { id: newCaseId, title: "Still broken" }, cause: "moved", fromCaseId: kase!.id, messageId: thread[1]!.id });
    expect(ofType(r, "case.updated")[1]!.data).toMatchObject({ case: { id: kase!.id }, changedFields: ["messages"] });

    // Nothing for events the endpoint did not ask for, and every delivery is recorded as delivered.
    expect(new Set(r.received.map((d) => JSON.parse(d.body).type))).toEqual(new Set(["case.created", "case.updated", "message.received"]));
    await waitFor(async () => (await deliveryStates(webhook.id)).every((d) => d.state === "delivered"), { what: "every delivery recorded" });
    const states = await deliveryStates(webhook.id);
    expect(states).toHaveLength(r.received.length);
    expect(states.every((d) => d.state === "delivered" && d.attempts === 1 && d.lastStatusCode === 200)).toBe(true);
  });

  it("a receiver down for 30 s then up gets every event, each once, under one id across retries", { timeout: 180_000 }, async () => {
    const r = await receiver();
    const { webhook } = await subscribe(r.url, ["message.received"]);
    await r.down();
    const people = Array.from({ length: 20 }, newPerson);
    for (const P of people) await send(P, `Message from ${P}`);
    await sleep(30_000);
    expect(r.received).toHaveLength(0);
    const whileDown = await deliveryStates(webhook.id);
    expect(whileDown).toHaveLength(20);
    expect(whileDown.every((d) => d.state === "pending" && d.attempts >= 3 && d.lastError === "Connection refused")).toBe(true);

    await r.up();
    await waitFor(async () => (await deliveryStates(webhook.id)).every((d) => d.state === "delivered"), { timeoutMs: 60_000, what: "every delivery" });
    const ids = new Set(r.received.map((d) => d.eventId));
    expect(ids.size).toBe(20);
    expect(ids).toEqual(new Set(whileDown.map((d) => d.eventId)));
    // One event per message: no message went out twice under different ids.
    const senders = r.received.map((d) => (parsed(d).data as { message: { theirNumber: string } }).message.theirNumber);
    expect(new Set(senders)).toEqual(new Set(people));
    const bySender = new Map<string, Set<string>>();
    r.received.forEach((d, i) => bySender.set(senders[i]!, (bySender.get(senders[i]!) ?? new Set()).add(d.eventId)));
    expect([...bySender.values()].every((set) => set.size === 1)).toBe(true);
  });

  it("a rolled-back change sends nothing; the committed one beside it arrives", async () => {
    const r = await receiver();
    const { webhook } = await subscribe(r.url, ["case.updated", "message.status"]);
    const P = newPerson();
    await send(P);
    const [kase] = await casesOf(P);
    const [message] = await threadOf(kase!.id);
    const data = { case: { id: kase!.id, surveyId: 1, title: "x", status: null, open: true, theirNumber: P, ourNumber: N, channel: "sms" as const, lastActivityAt: new Date().toISOString() }, changedFields: ["title"], previous: { title: "y", status: null, open: true } };

    await expect(
      transaction(async (tx) => {
        await emitWebhookEvent(tx, { type: "case.updated", theirNumber: P, data: { ...data, changedFields: ["rolled back"] } });
        await emitMessageEvent(tx, "message.status", message!.id);
        throw new Error("the change failed after its events were written");
      }),
    ).rejects.toThrow("the change failed");
    await transaction((tx) => emitWebhookEvent(tx, { type: "case.updated", theirNumber: P, data }));

    await waitFor(() => r.received.length === 1, { what: "the committed event" });
    await sleep(2_000); // time enough for anything else to arrive
    expect(r.received.map((d) => parsed(d).data)).toEqual([data]);
    expect(await deliveryStates(webhook.id)).toHaveLength(1);
  });

  it("the inbound webhook is as fast while the receiver hangs as with no webhooks at all", { timeout: 120_000 }, async () => {
    const timeInbound = async (count: number) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const P = newPerson();
        const started = performance.now();
        await send(P, "Timing");
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return { p50: times[Math.floor(count * 0.5)]!, p95: times[Math.floor(count * 0.95)]! };
    };
    await timeInbound(10); // warm up
    const without = await timeInbound(60);

    const r = await receiver();
    r.answer("hang");
    const { webhook } = await subscribe(r.url, ["message.received", "case.created"]);
    // Deliveries are being attempted, and hang, while the webhooks are timed.
    await timeInbound(10);
    await waitFor(() => r.received.length >= 20, { what: "hanging deliveries" });
    const hanging = await timeInbound(60);
    await waitFor(() => r.received.length >= 100, { what: "the deliveries of the timed webhooks, hanging too" });
    console.log(`inbound webhook ms — no webhooks: p50 ${without.p50.toFixed(1)}, p95 ${without.p95.toFixed(1)}; receiver hanging: p50 ${hanging.p50.toFixed(1)}, p95 ${hanging.p95.toFixed(1)}`);
    expect(hanging.p50).toBeLessThan(without.p50 * 2 + 10);
    expect(hanging.p95).toBeLessThan(without.p95 * 3 + 25);

    // A hanging receiver's attempts end after 10 s, as failures to retry.
    await waitFor(async () => (await deliveryStates(webhook.id)).some((d) => d.lastError === "No answer within 10 s"), { timeoutMs: 20_000, what: "a timed-out attempt" });
    r.answer({ status: 200 });
  });
});

describe("Send again", () => {
  it("sends the same event again, as a new attempt; only to an active endpoint; admins only", async () => {
    const r = await receiver();
    const { webhook } = await subscribe(r.url, ["message.received"]);
    await send(newPerson());
    await waitFor(async () => (await listDeliveries(admin, webhook.id)).deliveries[0]?.state === "delivered", { what: "the delivery" });
    const { deliveries } = await listDeliveries(admin, webhook.id);
    expect(deliveries).toMatchObject([{ state: "delivered", attempts: 1, lastStatusCode: 200, eventType: "message.received" }]);

    await resendDelivery(admin, webhook.id, deliveries[0]!.id);
    await waitFor(() => r.received.length === 2, { what: "the delivery sent again" });
    expect(r.received[1]!.eventId).toBe(r.received[0]!.eventId);
    expect(r.received[1]!.body).toBe(r.received[0]!.body);
    await waitFor(async () => (await listDeliveries(admin, webhook.id)).deliveries[0]!.attempts === 2 || undefined, { what: "the second attempt recorded" });

    await expect(resendDelivery(staff, webhook.id, deliveries[0]!.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(resendDelivery(admin, webhook.id, 999_999)).rejects.toMatchObject({ code: "not_found" });
    await updateWebhook(admin, webhook.id, { active: false });
    await expect(resendDelivery(admin, webhook.id, deliveries[0]!.id)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("failing endpoints", () => {
  it("a failure starts the endpoint's failing streak and a success ends it", async () => {
    const r = await receiver();
    r.answer({ status: 503 });
    const { webhook } = await subscribe(r.url, ["message.received"]);
    await send(newPerson());
    await waitFor(async () => (await deliveryStates(webhook.id))[0]?.lastStatusCode === 503, { what: "a refused attempt" });
    const [failing] = await getSql()`select failing_since, active from webhook_subscriptions where id = ${webhook.id}`;
    expect(failing).toMatchObject({ active: true, failing_since: expect.anything() });
    expect((await deliveryStates(webhook.id))[0]).toMatchObject({ state: "pending", lastError: "HTTP 503: Service Unavailable" });

    r.answer({ status: 200 });
    await waitFor(async () => (await deliveryStates(webhook.id))[0]?.state === "delivered", { what: "the retry" });
    const [healed] = await getSql()`select failing_since from webhook_subscriptions where id = ${webhook.id}`;
    expect(healed!.failing_since).toBeNull();
  });

  it("an endpoint failing for 24 hours is turned off, with the reason, and its pending deliveries fail", async () => {
    const r = await receiver();
    r.answer({ status: 503 });
    const { webhook } = await subscribe(r.url, ["message.received"]);
    await getSql()`update webhook_subscriptions set failing_since = now() - interval '25 hours' where id = ${webhook.id}`;
    await send(newPerson());
    await waitFor(async () => (await listWebhooks(admin)).find((w) => w.id === webhook.id)?.active === false, { what: "the endpoint turned off" });
    const [off] = await listWebhooks(admin);
    expect(off!.disabledReason).toMatch(/^Every delivery failed for 24 hours; last: HTTP 503/);
    expect((await deliveryStates(webhook.id))[0]).toMatchObject({ state: "failed", attempts: 1 });
    const [audit] = await getSql()`select action, actor_user_id, after from audit_log where target = ${`webhook:${webhook.id}`} and action = 'webhook.disabled'`;
    expect(audit).toMatchObject({ actor_user_id: null, after: { active: false, disabledReason: off!.disabledReason } });

    // No new deliveries for a disabled endpoint; turning it on clears the reason.
    await send(newPerson());
    await sleep(500);
    expect(await deliveryStates(webhook.id)).toHaveLength(1);
    const on = await updateWebhook(admin, webhook.id, { active: true });
    expect(on).toMatchObject({ ok: true, webhook: { active: true, disabledReason: null, failingSince: null } });
  });

  it("an event older than 24 hours is not retried after a failure", async () => {
    const r = await receiver();
    r.answer({ status: 500 });
    const { webhook } = await subscribe(r.url, ["message.received"]);
    await send(newPerson());
    await waitFor(async () => (await deliveryStates(webhook.id))[0]?.attempts === 1, { what: "the first attempt" });
    await getSql()`update webhook_deliveries set created_at = now() - interval '25 hours' where subscription_id = ${webhook.id}`;
    await waitFor(async () => (await deliveryStates(webhook.id))[0]?.state === "failed", { what: "the delivery failed for good" });
  });
});

describe("the relay", () => {
  it("several relays at once queue each delivery once", async () => {
    const r = await receiver();
    const { webhook } = await subscribe(r.url, ["case.updated"]);
    const data = { case: { id: 1, surveyId: 1, title: "x", status: null, open: true, theirNumber: null, ourNumber: null, channel: null, lastActivityAt: new Date().toISOString() }, changedFields: [], previous: { title: "", status: null, open: true } };
    await transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await emitWebhookEvent(tx, { type: "case.updated", theirNumber: null, data });
    });
    // The worker's own relay (woken on commit) races these four.
    await Promise.all([1, 2, 3, 4].map(() => relayPendingDeliveries()));
    await waitFor(async () => (await deliveryStates(webhook.id)).every((d) => d.state === "delivered"), { timeoutMs: 30_000, what: "300 deliveries" });
    const jobs = await getSql()`
      select (pair->>0)::int as id, count(*)::int as n
      from pgboss.job j, jsonb_array_elements(j.data->'attempts') pair
      join webhook_deliveries d on d.id = (pair->>0)::bigint
      where j.name = 'webhook-delivery' and d.subscription_id = ${webhook.id} group by 1`;
    expect(jobs).toHaveLength(300);
    expect(jobs.every((j) => j.n === 1)).toBe(true);
    expect(r.received).toHaveLength(300);
    expect(new Set(r.received.map((d) => d.eventId)).size).toBe(300);
  });
});

describe("replies", () => {
  let fake: FakeVonage;
  let sender: SendWorker;
  beforeAll(async () => {
    fake = await startFakeVonage();
    pointSdkAtFakeVonage(fake.url);
    sender = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
  });
  afterAll(async () => {
    await sender.stop();
    await fake.close();
  });

  it("message.sent when the provider accepts a reply, message.status as its status moves or it fails", async () => {
    const r = await receiver();
    await subscribe(r.url, ["message.sent", "message.status"]);
    const P = newPerson();
    await send(P);
    const [kase] = await casesOf(P);
    const queued = await queueReply(staff, { caseId: kase!.id, message: "We are on it", idempotencyKey: newKey() });
    expect(queued.status).toBe("queued");
    await waitFor(() => ofType(r, "message.sent").length === 1, { what: "message.sent" });
    const sent = ofType(r, "message.sent")[0]!.data as { message: { id: number; status: string; direction: string; text: string }; caseIds: number[] };
    expect(sent).toMatchObject({ message: { direction: "outbound", status: "submitted" }, caseIds: [kase!.id] });
    expect(sent.message.text).toMatch(/^We are on it/);

    const [row] = await getSql()`select provider_message_id from messages where id = ${sent.message.id}`;
    await postStatus(row!.provider_message_id as string, "delivered");
    await postStatus(row!.provider_message_id as string, "delivered"); // a repeat moves nothing: no event
    await waitFor(() => ofType(r, "message.status").length === 1, { what: "message.status" });
    expect(ofType(r, "message.status")[0]!.data).toMatchObject({ message: { id: sent.message.id, status: "delivered" } });

    // A refusal is final at once: message.status "failed", with the reason.
    fake.script({ status: 422, body: { title: "Invalid params", detail: "The number is not valid" } });
    await queueReply(staff, { caseId: kase!.id, message: "Second", idempotencyKey: newKey() });
    await waitFor(() => ofType(r, "message.status").length === 2, { what: "the failure's message.status" });
    expect(ofType(r, "message.status")[1]!.data).toMatchObject({ message: { status: "failed", error: { detail: "The number is not valid" } } });
    await sleep(500);
    expect(ofType(r, "message.sent")).toHaveLength(1);
  });
});

describe("endpoints", () => {
  it("are created by admins with the secret shown once, kept encrypted, audited without it", async () => {
    const created = await subscribe("http://127.0.0.1:9/hooks", ["case.created"]);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const [stored] = await getSql()`select secret_encrypted from webhook_subscriptions where id = ${created.webhook.id}`;
    expect(stored!.secret_encrypted).not.toContain(created.secret);
    expect(JSON.stringify(await listWebhooks(admin))).not.toContain(created.secret);

    await updateWebhook(admin, created.webhook.id, { events: ["case.created", "message.received"], description: "Sales CRM" });
    await updateWebhook(admin, created.webhook.id, { active: false });
    await deleteWebhook(admin, created.webhook.id);
    const audit = await getSql()`select action, target, before, after, actor_user_id from audit_log where target = ${`webhook:${created.webhook.id}`} order by id`;
    expect(audit.map((a) => a.action)).toEqual(["webhook.created", "webhook.updated", "webhook.disabled", "webhook.deleted"]);
    expect(audit[1]).toMatchObject({ before: { events: ["case.created"], description: "CRM" }, after: { events: ["case.created", "message.received"], description: "Sales CRM" }, actor_user_id: admin.id });
    expect(JSON.stringify(audit)).not.toContain(created.secret);
    await expect(deleteWebhook(admin, created.webhook.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuse bad input field by field, and staff altogether", async () => {
    expect(await createWebhook(admin, { url: "not a url", events: [], description: "" })).toEqual({
      ok: false,
      fieldErrors: { url: expect.stringMatching(/full URL/), events: "Choose at least one event." },
    });
    expect(await createWebhook(admin, { url: "https://example.com/x", events: ["case.deleted"], description: "" })).toMatchObject({
      ok: false,
      fieldErrors: { events: expect.stringMatching(/Unknown event: case.deleted/) },
    });
    await expect(createWebhook(staff, { url: "https://example.com/x", events: ["case.created"], description: "" })).rejects.toMatchObject({ code: "not_found" });
    await expect(listWebhooks(staff)).rejects.toMatchObject({ code: "not_found" });
  });

  it("in production, refuse http and addresses inside the network, checked again when delivering", async () => {
    const r = await receiver();
    const { webhook } = await subscribe(r.url, ["message.received"]);
    Object.assign(process.env, { NODE_ENV: "production" });
    try {
      expect(await createWebhook(admin, { url: r.url, events: ["case.created"], description: "" })).toMatchObject({ ok: false, fieldErrors: { url: expect.stringMatching(/https/) } });
      expect(await createWebhook(admin, { url: "https://127.0.0.1/x", events: ["case.created"], description: "" })).toMatchObject({
        ok: false,
        fieldErrors: { url: expect.stringMatching(/private, loopback or reserved/) },
      });
      expect(await createWebhook(admin, { url: "https://localhost/x", events: ["case.created"], description: "" })).toMatchObject({ ok: false });
      // An endpoint created while the rules allowed it is not delivered to once they do not.
      await send(newPerson());
      await waitFor(async () => (await deliveryStates(webhook.id))[0]?.attempts === 1, { what: "the refused attempt" });
      expect((await deliveryStates(webhook.id))[0]!.lastError).toMatch(/https/);
      expect(r.received).toHaveLength(0);
    } finally {
      Object.assign(process.env, { NODE_ENV: "test" });
    }
  });
});
