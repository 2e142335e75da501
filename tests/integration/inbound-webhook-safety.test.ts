// Bad input gets a clear answer and changes nothing; duplicates and concurrency never
// duplicate or lose a message; a database failure mid-way leaves nothing partial.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import { getDb, getSql } from "@/lib/db/client";
import { serverSettings } from "@/lib/db/schema";
import { encryptSecret, simulatorWebhookSecret } from "@/lib/crypto/secret-box";
import { MAX_WEBHOOK_BYTES } from "@/lib/vonage/signed-webhook-request";
import { signWebhook } from "@/lib/vonage/webhook-signature";
import { casesOf, count, threadOf } from "../support/inspect";
import { createLink, createSurvey } from "../support/seed";
import { WEBHOOK_SECRET, fixture, inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const URL_INBOUND = "http://localhost/api/vonage/inbound";
const N = "447700900000";
const PLAIN = "447700922222";
let counter = 0;
const person = () => `4477009${String(50000 + counter++)}`;

async function tableCounts() {
  return {
    events: await count("webhook_events"),
    messages: await count("messages"),
    cases: await count("cases"),
    links: await count("case_messages"),
  };
}

beforeAll(async () => {
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: N, surveyId: survey.id, channel: "whatsapp" });
  const plain = await createSurvey({ name: "Plain", casesEnabled: false });
  await createLink({ ourNumber: PLAIN, surveyId: plain.id });
});

beforeEach(() => useWebhookSecret());

describe("authentication (SPEC §3)", () => {
  const body = () => inboundSms({ from: person(), to: N, text: "hello" });

  it.each<[string, () => Request, number]>([
    ["a wrong signature", () => signedRequest(URL_INBOUND, body(), { secret: "not-the-secret" }), 401],
    [
      "a payload_hash of another body",
      () => {
        const raw = JSON.stringify(body());
        const token = signWebhook(JSON.stringify(body()), WEBHOOK_SECRET);
        return new Request(URL_INBOUND, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: raw });
      },
      401,
    ],
    ["a header that is not a bearer token", () => signedRequest(URL_INBOUND, body(), { authorization: "Basic abc" }), 401],
    ["a garbage token", () => signedRequest(URL_INBOUND, body(), { authorization: "Bearer not.a.jwt" }), 401],
    ["no Authorization header", () => signedRequest(URL_INBOUND, body(), { authorization: null }), 503],
    ["an unsigned body that is not JSON", () => signedRequest(URL_INBOUND, "{not json", { authorization: null }), 503],
  ])("%s → %s and nothing stored", async (_, request, status) => {
    const before = await tableCounts();
    const response = await POST(request());
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toMatch(/^Webhook refused: /);
    expect(await tableCounts()).toEqual(before);
  });

  it("provider Vonage and no secret configured yet → 503 and nothing stored", async () => {
    useWebhookSecret(null);
    await getDb().insert(serverSettings).values({ id: 1, provider: "vonage" });
    const before = await tableCounts();
    const response = await POST(signedRequest(URL_INBOUND, body()));
    expect(response.status).toBe(503);
    expect(await tableCounts()).toEqual(before);
    await getSql()`delete from server_settings`;
  });

  it("provider Simulator (a fresh install) and no secret: only the simulator's own signature is accepted", async () => {
    useWebhookSecret(null);
    process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
    const before = await tableCounts();
    expect((await POST(signedRequest(URL_INBOUND, body()))).status).toBe(401);
    expect(await tableCounts()).toEqual(before);
    const P = person();
    const signed = signedRequest(URL_INBOUND, inboundSms({ from: P, to: N, text: "hi" }), { secret: simulatorWebhookSecret() });
    expect((await POST(signed)).status).toBe(200);
    expect(await casesOf(P)).toHaveLength(1);
  });

  it("uses the secret saved in Settings > Server (encrypted) when the environment has none", async () => {
    useWebhookSecret(null);
    process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
    await getDb()
      .insert(serverSettings)
      .values({ id: 1, vonageWebhookSecretEncrypted: encryptSecret("saved-secret-abc") })
      .onConflictDoUpdate({ target: serverSettings.id, set: { vonageWebhookSecretEncrypted: encryptSecret("saved-secret-abc") } });
    const P = person();
    expect((await POST(signedRequest(URL_INBOUND, inboundSms({ from: P, to: N, text: "hi" }), { secret: "saved-secret-abc" }))).status).toBe(200);
    expect(await casesOf(P)).toHaveLength(1);
    expect((await POST(signedRequest(URL_INBOUND, body()))).status).toBe(401);
    await getSql()`delete from server_settings`;
  });

  it("a body over 256 KB → 413 and nothing stored", async () => {
    const before = await tableCounts();
    const big = inboundSms({ from: person(), to: N, text: "x".repeat(MAX_WEBHOOK_BYTES) });
    const response = await POST(signedRequest(URL_INBOUND, big));
    expect(response.status).toBe(413);
    expect(await tableCounts()).toEqual(before);
  });

  it("a signed body that is not JSON is kept in the event log only, and acknowledged", async () => {
    const before = await tableCounts();
    const response = await POST(signedRequest(URL_INBOUND, "{\"channel\": \"sms\", oops"));
    expect(response.status).toBe(200);
    expect(await tableCounts()).toEqual({ ...before, events: before.events + 1 });
    const [event] = await getSql()`select outcome, reason, raw_body from webhook_events order by id desc limit 1`;
    expect(event).toMatchObject({ outcome: "invalid", reason: "the body is not JSON", raw_body: "{\"channel\": \"sms\", oops" });
  });

  it("a signed JSON body that is not a message is kept in the event log only", async () => {
    const before = await tableCounts();
    const response = await POST(signedRequest(URL_INBOUND, { hello: "world" }));
    expect(response.status).toBe(200);
    expect(await tableCounts()).toEqual({ ...before, events: before.events + 1 });
    const [event] = await getSql()`select outcome, reason from webhook_events order by id desc limit 1`;
    expect(event!.outcome).toBe("invalid");
    expect(event!.reason).toMatch(/not an inbound message/);
  });
});

describe("every real Vonage payload is accepted and kept", () => {
  const names = fs
    .readdirSync(path.join(process.cwd(), "tests/fixtures/vonage"))
    .filter((f) => f.startsWith("inbound-"))
    .map((f) => f.replace(/\.json$/, ""));

  it.each(names)("%s", async (name) => {
    const P = person();
    const payload: Record<string, unknown> = { ...fixture(name), message_uuid: randomUUID(), from: P, to: N };
    const response = await POST(signedRequest(URL_INBOUND, payload));
    expect(response.status).toBe(200);
    const [created] = await casesOf(P);
    expect(created).toBeDefined();
    const [message] = await threadOf(created!.id);
    expect(message).toMatchObject({ direction: "inbound", provider_message_id: payload.message_uuid, channel: payload.channel });
    const type = (payload.message_type as string | undefined) ?? "text";
    expect(message!.message_type).toBe(type);
    if (["image", "audio", "video", "file", "sticker"].includes(type)) {
      expect(message!.media).toMatchObject({ type, url: (payload[type] as { url: string }).url });
    }
    if (type === "location") expect(message!.media).toMatchObject({ type, latitude: 40.34772, longitude: -74.18847 });
    if (type === "unsupported" || type === "order") expect(message!.media).toMatchObject({ type });
    if (type === "reply") expect(message!.text).toBe("9am");
    if (name === "inbound-whatsapp-text") expect(message!.text).toContain("<br />");
  });
});

describe("duplicates and concurrency", () => {
  it("the same message_uuid posted 20 times at once → one message, every answer 200", async () => {
    const P = person();
    const body = inboundSms({ from: P, to: N, text: "only once" });
    const responses = await Promise.all(Array.from({ length: 20 }, () => POST(signedRequest(URL_INBOUND, body))));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const outcomes = await Promise.all(responses.map((r) => r.json()));
    expect(outcomes.filter((o) => o.outcome === "routed")).toHaveLength(1);
    const stored = await getSql()`select id from messages where provider_message_id = ${body.message_uuid}`;
    expect(stored).toHaveLength(1);
    const cases = await casesOf(P);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.message_count).toBe(1);
  });

  it("50 different messages from one new number at once → exactly one case holding all 50", async () => {
    const P = person();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => POST(signedRequest(URL_INBOUND, inboundSms({ from: P, to: N, text: `message ${i}` })))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const cases = await casesOf(P);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.message_count).toBe(50);
    expect(await threadOf(cases[0]!.id)).toHaveLength(50);
  });

  it("with cases disabled the same 50 messages make 50 records", async () => {
    const P = person();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => POST(signedRequest(URL_INBOUND, inboundSms({ from: P, to: PLAIN, text: `record ${i}` })))),
    );
    const records = await casesOf(P);
    expect(records).toHaveLength(50);
    expect(records.every((r) => r.message_count === 1)).toBe(true);
  });
});

describe("a database failure mid-way", () => {
  it("answers 5xx, leaves nothing partial, and the retried webhook lands once", async () => {
    const sql = getSql();
    // A real failure inside the transaction, after the event, message and case rows are written.
    await sql.unsafe(`
      create or replace function fail_case_messages() returns trigger language plpgsql as $$
      begin raise exception 'simulated database failure'; end $$;
      create trigger fail_case_messages before insert on case_messages for each row execute function fail_case_messages();
    `);
    const P = person();
    const body = inboundSms({ from: P, to: N, text: "will this get lost?" });
    const before = await tableCounts();
    try {
      const failed = await POST(signedRequest(URL_INBOUND, body));
      expect(failed.status).toBe(500);
      expect((await failed.json()).error.message).not.toMatch(/simulated/); // no internals leak out
      // Nothing of the message is stored; the event log says it failed, for admins.
      expect(await tableCounts()).toEqual({ ...before, events: before.events + 1 });
      const [event] = await getSql()`select outcome, reason from webhook_events where message_uuid = ${body.message_uuid}`;
      expect(event!.outcome).toBe("failed");
      expect(event!.reason).toMatch(/Routing failed, Vonage will retry/);
      // A second failed attempt is not logged twice.
      expect((await POST(signedRequest(URL_INBOUND, body))).status).toBe(500);
      expect(await tableCounts()).toEqual({ ...before, events: before.events + 1 });
    } finally {
      await sql.unsafe(`drop trigger fail_case_messages on case_messages; drop function fail_case_messages();`);
    }

    const retried = await POST(signedRequest(URL_INBOUND, body));
    expect(retried.status).toBe(200);
    // Once it landed, it is no longer listed as failed for admins: only the routed row is left.
    const rows = await getSql()`select outcome from webhook_events where message_uuid = ${body.message_uuid}`;
    expect(rows.map((r) => r.outcome)).toEqual(["routed"]);
    const again = await POST(signedRequest(URL_INBOUND, body));
    expect(await again.json()).toEqual({ ok: true, outcome: "duplicate" });
    const cases = await casesOf(P);
    expect(cases).toHaveLength(1);
    expect((await threadOf(cases[0]!.id)).map((m) => m.text)).toEqual(["will this get lost?"]);
  });
});

describe("text PostgreSQL cannot store as it is", () => {
  it("keeps a message with a NUL character or half an emoji instead of refusing it forever", async () => {
    const P = person();
    const body = inboundSms({ from: P, to: N, text: "price\u0000list \ud83d please" });
    const response = await POST(signedRequest(URL_INBOUND, body));
    expect(response.status).toBe(200);
    const [c] = await casesOf(P);
    const [message] = await threadOf(c!.id);
    expect(message!.text).toBe("price\ufffdlist \ufffd please");
  });
});

describe("the event log for admins", () => {
  it("lists unrouted and invalid webhooks newest first, with the text and the raw body on demand", async () => {
    const { listProblemEvents, getEventRawBody, countUnroutedByNumber } = await import("@/lib/inbound/event-log");
    const admin = { id: 1, email: "admin@example.test", name: "", role: "admin" as const };
    const body = inboundSms({ from: person(), to: "15550009999", text: "is anyone there?" });
    await POST(signedRequest(URL_INBOUND, body));
    await POST(signedRequest(URL_INBOUND, "not json at all"));
    const [newest, previous] = await listProblemEvents(admin, { limit: 2 });
    expect(newest).toMatchObject({ kind: "inbound", outcome: "invalid", reason: "the body is not JSON", text: null });
    expect(previous).toMatchObject({ outcome: "unrouted", ourNumber: "15550009999", text: "is anyone there?" });
    expect(await getEventRawBody(admin, newest!.id)).toBe("not json at all");
    expect((await countUnroutedByNumber(admin)).get("15550009999")).toBe(1);
    const older = await listProblemEvents(admin, { before: previous!.id });
    expect(older.every((e) => e.id < previous!.id)).toBe(true);
  });
});
