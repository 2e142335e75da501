// SPEC §11 through the built-in simulator, the whole way over real HTTP: a reply with an
// uploaded image goes through the worker and the SDK to the simulator's Messages API, which
// fetches the file from the app's signed address like Vonage would, puts it on the virtual
// phone and reports delivered and read; a file it cannot fetch is rejected with Vonage's 1020.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as simulatorMessages } from "@/app/api/simulator/v1/messages/route";
import { POST as statusWebhook } from "@/app/api/vonage/status/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { SIMULATOR_API_KEY, simulatorApiSecret } from "@/lib/crypto/secret-box";
import { getSql } from "@/lib/db/client";
import { uploadMedia } from "@/lib/media/upload";
import { queueReply } from "@/lib/outbound/queue-reply";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { count } from "../support/inspect";
import { caseFrom, messageRow, newKey } from "../support/replies";
import { publicMediaRoutes, startRouteServer, type RouteServer } from "../support/route-server";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const WA_NUMBER = "447700900610";
let app: RouteServer;
let worker: SendWorker;
let staff: CurrentUser;
let counter = 0;
const person = () => `4477009${String(80000 + counter++)}`;

const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);

async function* once(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}

async function replyWithImage(caseId: number, bytes: Buffer, text = "Here it is") {
  const file = await uploadMedia(staff, { name: "meter.png", contentType: "image/png", declaredLength: bytes.length, body: once(bytes) });
  const result = await queueReply(staff, { caseId, message: text, idempotencyKey: newKey(), mediaId: file.id });
  if (result.status !== "queued") throw new Error(result.status);
  return { file, messageId: result.messageId };
}

const phoneMessages = (theirNumber: string) =>
  getSql()<Array<{ text: string; outcome: string | null }>>`select text, outcome from simulator_messages where their_number = ${theirNumber} and direction = 'to_phone' order by id`;

beforeAll(async () => {
  delete process.env.MESSAGING_PROVIDER;
  delete process.env.VONAGE_APPLICATION_ID;
  delete process.env.VONAGE_PRIVATE_KEY;
  delete process.env.VONAGE_API_HOST;
  delete process.env.PUBLIC_URL;
  useWebhookSecret();
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  // The app over real HTTP: the simulator's Messages API, Vonage's status webhook, the file route.
  app = await startRouteServer([
    { method: "POST", pattern: /^\/api\/simulator\/v1\/messages$/, names: [], handler: (request) => simulatorMessages(request) },
    { method: "POST", pattern: /^\/api\/vonage\/status$/, names: [], handler: (request) => statusWebhook(request) },
    ...(await publicMediaRoutes()),
  ]);
  process.env.CASELINE_INTERNAL_URL = app.url;
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: WA_NUMBER, surveyId: survey.id, channel: "whatsapp" });
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id})`;
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker.stop();
  await app.close();
  delete process.env.CASELINE_INTERNAL_URL;
});

describe("files through the simulator", () => {
  it("the simulator fetches the file from the app, shows it on the phone, and reports it read", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA_NUMBER, channel: "whatsapp" });
    const bytes = png(12_345);
    const { messageId } = await replyWithImage(c.id, bytes);

    const [shown] = await waitFor(async () => {
      const rows = await phoneMessages(P);
      return rows.length > 0 && rows;
    }, { what: "the phone's message" });
    expect(shown!.text).toBe(`📎 meter.png (12 KB)\nHere it is #${c.id}`);
    expect(app.requests.some((r) => r.method === "GET" && r.path.startsWith("/api/media/public/") && r.status === 200)).toBe(true);
    await waitFor(async () => (await messageRow(messageId)).status === "read", { what: "read", timeoutMs: 20_000 });
  });

  it("a file the simulator cannot fetch: rejected with 1020 and the reason, shown on the message", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA_NUMBER, channel: "whatsapp" });
    const { file, messageId } = await replyWithImage(c.id, png(2000), "Broken");
    // The bytes are gone before the simulator comes to fetch them.
    await getSql()`delete from media_blobs where file_id = ${file.id}`;
    const row = await waitFor(async () => {
      const m = await messageRow(messageId);
      return m.status === "rejected" && m;
    }, { what: "rejected", timeoutMs: 20_000 });
    expect(row).toMatchObject({ errorCode: "1020", errorDetail: "Invalid params: the media URL answered HTTP 404" });
    const [shown] = await waitFor(async () => {
      const rows = await phoneMessages(P);
      return rows[0]?.outcome === "media_rejected" && rows;
    }, { what: "the phone's record" });
    expect(shown!.text).toBe(`📎 meter.png — not delivered: the media URL answered HTTP 404\nBroken #${c.id}`);
  });

  it("answers 422 like Vonage for a file on SMS or without its object, storing nothing", async () => {
    const before = await count("simulator_messages");
    const call = (body: unknown) =>
      simulatorMessages(
        new Request("http://localhost/api/simulator/v1/messages", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${SIMULATOR_API_KEY}:${simulatorApiSecret()}`).toString("base64")}` },
          body: JSON.stringify(body),
        }),
      );
    const sms = await call({ channel: "sms", message_type: "image", to: "447700900123", from: WA_NUMBER, image: { url: "https://example.org/a.png" } });
    expect(sms.status).toBe(422);
    expect(await sms.json()).toMatchObject({ title: "Invalid params", detail: "The sms channel does not support message_type image." });
    const missing = await call({ channel: "whatsapp", message_type: "file", to: "447700900123", from: WA_NUMBER });
    expect(missing.status).toBe(422);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count("simulator_messages")).toBe(before);
  });
});
