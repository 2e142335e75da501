// Issue "nothing stops Caseline" §6: a signed body that is hostile or broken is either
// stored or kept as invalid in the event log, and answered 200 — never a 5xx that Vonage
// would retry for 24 hours while nothing is kept.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import { POST as status } from "@/app/api/vonage/status/route";
import { getSql } from "@/lib/db/client";
import { casesOf, threadOf } from "../support/inspect";
import { createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900000";
let n = 0;
const person = () => `4477006${String(10000 + n++)}`;

beforeAll(async () => {
  useWebhookSecret();
  const survey = await createSurvey();
  await createLink({ ourNumber: N, surveyId: survey.id });
});

async function eventsOf(uuid: string) {
  return getSql()<Array<{ kind: string; outcome: string; reason: string | null; rawBody: string }>>`
    select kind, outcome, reason, raw_body as "rawBody" from webhook_events where message_uuid = ${uuid} or raw_body like ${"%" + uuid + "%"}`;
}

async function send(url: "inbound" | "status", body: string | object) {
  const handler = url === "inbound" ? inbound : status;
  return handler(signedRequest(`http://localhost/api/vonage/${url}`, body));
}

describe("hostile inbound bodies", () => {
  it("a timestamp in the year 275760 is ignored: the message is routed with the time it arrived", async () => {
    const P = person();
    const body = inboundSms({ from: P, to: N, text: "From the far future", timestamp: "+275760-09-13T00:00:00.000Z" });
    expect((await send("inbound", body)).status).toBe(200);
    const [c] = await casesOf(P);
    const [m] = await threadOf(c!.id);
    expect(m!.text).toBe("From the far future");
    const [row] = await getSql()`select at, provider_timestamp as "providerTimestamp" from messages where id = ${m!.id}`;
    expect(row!.providerTimestamp).toBeNull();
    expect(Math.abs(new Date(row!.at).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("60,000 levels of nesting are kept as invalid, answered 200", async () => {
    const uuid = randomUUID();
    const raw = `{"message_uuid":"${uuid}","channel":"sms","to":"${N}","from":"${person()}","message_type":"text","text":"deep","x":${"[".repeat(60_000)}${"]".repeat(60_000)}}`;
    const response = await send("inbound", raw);
    expect(response.status).toBe(200);
    const [event] = await eventsOf(uuid);
    expect(event).toMatchObject({ kind: "inbound", outcome: "invalid", reason: expect.stringMatching(/nested/) });
    expect(event!.rawBody).toBe(raw);
  });

  it("a 10,000-digit number is kept as invalid, answered 200", async () => {
    const uuid = randomUUID();
    const raw = `{"message_uuid":"${uuid}","channel":"sms","to":"${N}","from":"${person()}","message_type":"text","text":"big","n":${"9".repeat(10_000)}}`;
    expect((await send("inbound", raw)).status).toBe(200);
    const [event] = await eventsOf(uuid);
    expect(event).toMatchObject({ outcome: "invalid", reason: expect.stringMatching(/number/) });
  });
});

describe("hostile status bodies", () => {
  it("NUL and a lone surrogate in a status are kept (cleaned), answered 200", async () => {
    const uuid = randomUUID();
    const body = { message_uuid: uuid, to: "447700900001", from: N, timestamp: new Date().toISOString(), status: "rejected", error: { title: 1020, detail: "bad\u0000value \ud83d" } };
    expect((await send("status", body)).status).toBe(200);
    const [event] = await eventsOf(uuid);
    expect(event).toMatchObject({ kind: "status", outcome: "status_unknown" });
    expect(event!.rawBody).not.toContain("\u0000");
  });

  it("an out-of-range timestamp in a status is ignored, answered 200", async () => {
    const uuid = randomUUID();
    await getSql()`
      insert into messages (direction, channel, our_number, their_number, text, status, provider_message_id)
      values ('outbound', 'sms', ${N}, '447700900001', 'Hi #1', 'submitted', ${uuid})`;
    const body = { message_uuid: uuid, to: "447700900001", from: N, timestamp: "+275760-09-13T00:00:00.000Z", status: "delivered" };
    expect((await send("status", body)).status).toBe(200);
    const [row] = await getSql()`select status, status_updated_at as at from messages where provider_message_id = ${uuid}`;
    expect(row!.status).toBe("delivered");
    expect(Math.abs(new Date(row!.at).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("60,000 levels of nesting in a status are kept as invalid, answered 200", async () => {
    const uuid = randomUUID();
    const raw = `{"message_uuid":"${uuid}","status":"delivered","x":${"{\"a\":".repeat(40_000)}1${"}".repeat(40_000)}}`;
    expect((await send("status", raw)).status).toBe(200);
    const [event] = await eventsOf(uuid);
    expect(event).toMatchObject({ kind: "status", outcome: "invalid", reason: expect.stringMatching(/nested/) });
  });
});

describe("data PostgreSQL refuses", () => {
  it("is kept as invalid and answered 200, for inbound and status webhooks alike; other failures still answer 5xx", async () => {
    const sql = getSql();
    await sql.unsafe(`
      create function refuse_data() returns trigger language plpgsql as $$
      begin raise exception 'value out of range' using errcode = '22003'; end $$;
      create trigger refuse_data before insert on case_messages for each row execute function refuse_data();
      create trigger refuse_status before insert on webhook_events for each row
        when (new.kind = 'status' and new.outcome <> 'invalid') execute function refuse_data();`);
    try {
      const body = inboundSms({ from: person(), to: N, text: "refused" });
      expect((await send("inbound", body)).status).toBe(200);
      expect(await eventsOf(body.message_uuid)).toMatchObject([{ outcome: "invalid", reason: expect.stringMatching(/could not store it: value out of range/) }]);
      // Vonage's retry of it is a duplicate: nothing more is stored.
      expect(await (await send("inbound", body)).json()).toEqual({ ok: true, outcome: "duplicate" });

      const uuid = randomUUID();
      const statusBody = { message_uuid: uuid, to: "447700900001", from: N, timestamp: new Date().toISOString(), status: "delivered" };
      expect((await send("status", statusBody)).status).toBe(200);
      expect(await eventsOf(uuid)).toMatchObject([{ kind: "status", outcome: "invalid" }]);
    } finally {
      await sql.unsafe(`drop trigger refuse_data on case_messages; drop trigger refuse_status on webhook_events; drop function refuse_data();`);
    }
  });
});

describe("an inbound message id that is already taken", () => {
  it("by one of our replies: kept as invalid and answered 200, not 5xx for ever", async () => {
    const uuid = randomUUID();
    await getSql()`
      insert into messages (direction, channel, our_number, their_number, text, status, provider_message_id)
      values ('outbound', 'sms', ${N}, '447700900001', 'Hi #1', 'submitted', ${uuid})`;
    const body = inboundSms({ from: person(), to: N, text: "same id as a reply", uuid });
    expect((await send("inbound", body)).status).toBe(200);
    expect(await eventsOf(uuid)).toMatchObject([{ kind: "inbound", outcome: "invalid", reason: expect.stringMatching(/could not store it/) }]);
    expect((await send("inbound", body)).status).toBe(200);
  });

  it("by a message that landed after all: no 'failed' row is left for admins", async () => {
    const { logRoutingFailure } = await import("@/lib/inbound/event-log");
    const body = inboundSms({ from: person(), to: N, text: "landed" });
    expect((await send("inbound", body)).status).toBe(200);
    // As when a COMMIT went through but its answer was lost: the failure is logged afterwards.
    await logRoutingFailure({ messageUuid: body.message_uuid, ourNumber: N, theirNumber: body.from }, "{}", {}, new Error("answer lost"));
    expect((await eventsOf(body.message_uuid)).map((e) => e.outcome)).toEqual(["routed"]);
  });
});
