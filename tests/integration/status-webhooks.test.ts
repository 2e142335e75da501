// SPEC §4: status webhooks move an outbound message's status forward only.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/status/route";
import { getSql } from "@/lib/db/client";
import { count } from "../support/inspect";
import { fixture, signedRequest, useWebhookSecret } from "../support/webhooks";

const URL_STATUS = "http://localhost/api/vonage/status";

async function outboundMessage(status = "queued") {
  const uuid = randomUUID();
  await getSql()`
    insert into messages (direction, channel, our_number, their_number, text, status, provider_message_id)
    values ('outbound', 'whatsapp', '447700900000', '447700900001', 'Hello #1', ${status}::message_status, ${uuid})`;
  return uuid;
}

async function statusOf(uuid: string) {
  const [row] = await getSql()`select status, error_code, error_detail from messages where provider_message_id = ${uuid}`;
  return row!;
}

function statusBody(uuid: string, status: string, extra: Record<string, unknown> = {}) {
  return { message_uuid: uuid, to: "447700900001", from: "447700900000", timestamp: new Date().toISOString(), status, channel: "whatsapp", ...extra };
}

async function post(body: unknown) {
  const response = await POST(signedRequest(URL_STATUS, body));
  expect(response.status).toBe(200);
  return (await response.json()) as { outcome: string };
}

beforeAll(() => useWebhookSecret());

describe("status webhooks", () => {
  it("moves queued → submitted → delivered → read", async () => {
    const uuid = await outboundMessage();
    for (const status of ["submitted", "delivered", "read"]) {
      expect(await post(statusBody(uuid, status))).toEqual({ ok: true, outcome: "applied" });
      expect((await statusOf(uuid)).status).toBe(status);
    }
  });

  it("never goes backwards: a late delivered does not overwrite read", async () => {
    const uuid = await outboundMessage();
    await post(statusBody(uuid, "read"));
    expect(await post(statusBody(uuid, "delivered"))).toEqual({ ok: true, outcome: "stale" });
    expect(await post(statusBody(uuid, "submitted"))).toEqual({ ok: true, outcome: "stale" });
    expect((await statusOf(uuid)).status).toBe("read");
  });

  it("ends up at the final state whatever order the webhooks arrive in, even all at once", async () => {
    const uuid = await outboundMessage();
    const bodies = ["delivered", "submitted", "read", "delivered", "submitted"].map((s) => statusBody(uuid, s));
    await Promise.all(bodies.map(post));
    expect((await statusOf(uuid)).status).toBe("read");
  });

  it("keeps Vonage's reason for a rejection (WhatsApp 1340)", async () => {
    const uuid = await outboundMessage("submitted");
    await post(
      statusBody(uuid, "rejected", {
        error: { type: "https://developer.vonage.com/api-errors/messages#1340", title: 1340, detail: "Outside of the allowed window" },
      }),
    );
    expect(await statusOf(uuid)).toEqual({ status: "rejected", error_code: "1340", error_detail: "Outside of the allowed window" });
  });

  it("keeps rejected and undeliverable for good: a late read or delivered changes nothing", async () => {
    for (const final of ["rejected", "undeliverable"]) {
      const uuid = await outboundMessage("submitted");
      await post(statusBody(uuid, final, { error: { title: 1020, detail: "Invalid recipient" } }));
      expect(await post(statusBody(uuid, "read"))).toEqual({ ok: true, outcome: "stale" });
      expect(await post(statusBody(uuid, "delivered"))).toEqual({ ok: true, outcome: "stale" });
      expect(await statusOf(uuid)).toEqual({ status: final, error_code: "1020", error_detail: "Invalid recipient" });
    }
  });

  it("accepts the real payload of a submitted status that carries an error, without marking a failure", async () => {
    const uuid = await outboundMessage();
    await post({ ...fixture("status-with-error"), message_uuid: uuid });
    expect(await statusOf(uuid)).toEqual({ status: "submitted", error_code: null, error_detail: null });
  });

  it("logs a status for an unknown message and acknowledges it", async () => {
    const uuid = randomUUID();
    expect(await post(statusBody(uuid, "delivered"))).toEqual({ ok: true, outcome: "unknown" });
    const [event] = await getSql()`select outcome, reason from webhook_events where message_uuid = ${uuid}`;
    expect(event).toEqual({ outcome: "status_unknown", reason: "No message with this id (yet): applied when the sender stores it" });
  });

  it("refuses a bad signature and stores nothing", async () => {
    const uuid = await outboundMessage();
    const before = await count("webhook_events");
    const response = await POST(signedRequest(URL_STATUS, statusBody(uuid, "delivered"), { secret: "wrong" }));
    expect(response.status).toBe(401);
    expect(await count("webhook_events")).toBe(before);
    expect((await statusOf(uuid)).status).toBe("queued");
  });

  it("keeps a signed status it cannot read in the event log", async () => {
    expect(await post({ message_uuid: "x", status: "teleported" })).toEqual({ ok: true, outcome: "invalid" });
    const [event] = await getSql()`select kind, outcome from webhook_events order by id desc limit 1`;
    expect(event).toEqual({ kind: "status", outcome: "invalid" });
  });
});
