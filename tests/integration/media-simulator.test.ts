// SPEC §11 offline, end to end below the browser: a virtual phone of the Phone simulator sends
// a sample photo and a PDF; they arrive through the signed inbound webhook with URLs on the
// app's own address, and the download worker copies them from the app's simulator — with no
// VONAGE_MEDIA_HOSTS, since with the simulator as provider the app's own address counts (and
// with Vonage as provider it does not). The app's address is a small HTTP server here that
// hands requests to the real route handlers.
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as sampleRoute } from "@/app/api/simulator/media/[name]/route";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { startMediaWorker, type MediaWorker } from "@/lib/media/download-worker";
import { forgetSourceAccess } from "@/lib/media/source-access";
import { sendFromPhone } from "@/lib/simulator/phones";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";

const WA = "447700900600";
const SMS = "447700900601";
let app: http.Server;
let worker: MediaWorker;
let owner: CurrentUser;

/** The routes the simulator and the worker reach at the app's own address. */
async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const web = new Request(url, {
    method: request.method,
    headers: Object.entries(request.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])),
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
  });
  const sample = /^\/api\/simulator\/media\/([^/]+)$/.exec(url.pathname);
  const answer =
    url.pathname === "/api/vonage/inbound" && request.method === "POST"
      ? await inbound(web)
      : sample && request.method === "GET"
        ? await sampleRoute(web, { params: Promise.resolve({ name: decodeURIComponent(sample[1]!) }) })
        : new Response("not here", { status: 404 });
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

beforeAll(async () => {
  for (const name of ["MESSAGING_PROVIDER", "VONAGE_MEDIA_HOSTS", "VONAGE_WEBHOOK_SECRET"]) delete process.env[name];
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  process.env.MEDIA_RETRY_BASE_SECONDS = "0";
  app = http.createServer((request, response) => void handle(request, response).catch(() => response.writeHead(500).end()));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  process.env.CASELINE_INTERNAL_URL = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: WA, surveyId: survey.id, channel: "whatsapp" });
  await createLink({ ourNumber: SMS, surveyId: survey.id, channel: "sms" });
  owner = asUser(await createUser({ email: "owner@example.com", role: "owner", password: "password-1" }));
  worker = await startMediaWorker({ connectionString: process.env.DATABASE_URL!, log: () => {}, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await worker.stop();
  await new Promise<void>((resolve) => app.close(() => resolve()));
});

const sample = (name: string) => fs.readFileSync(path.join(process.cwd(), "lib/simulator/samples", name));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function fileFrom(theirNumber: string) {
  return waitFor(
    async () => {
      const [row] = await getSql()`
        select f.id::int, f.kind, f.state, f.name, f.content_type as "contentType", f.size::int, f.sha256, f.source_url as "sourceUrl",
               f.failure_reason as "failureReason", m.channel, m.message_type as "messageType", m.text
        from media_files f join messages m on m.id = f.message_id where m.their_number = ${theirNumber} order by f.id desc limit 1`;
      return row && row.state !== "pending" && row;
    },
    { what: `the file from ${theirNumber}` },
  );
}

describe("a virtual phone sending a file", () => {
  it("sends a photo on WhatsApp that Caseline keeps, fetched from its own simulator", async () => {
    const sent = await sendFromPhone(owner, { ourNumber: WA, theirNumber: "447700900701", text: "The boiler", attachment: "photo.png" });
    expect(sent.accepted).toBe(true);
    const file = await fileFrom("447700900701");
    expect(file).toMatchObject({ kind: "image", state: "saved", contentType: "image/png", channel: "whatsapp", messageType: "image", text: "The boiler" });
    expect(file.sha256).toBe(sha256(sample("photo.png")));
    expect(file.sourceUrl).toBe(`${process.env.CASELINE_INTERNAL_URL}/api/simulator/media/photo.png`);
    const [phone] = await getSql()`select text from simulator_messages where their_number = '447700900701'`;
    expect(phone!.text).toBe("📎 photo.png\nThe boiler");
  });

  it("sends a PDF to an SMS number as an MMS, with its name", async () => {
    await sendFromPhone(owner, { ourNumber: SMS, theirNumber: "447700900702", text: "", attachment: "leaflet.pdf" });
    const file = await fileFrom("447700900702");
    expect(file).toMatchObject({ kind: "file", state: "saved", name: "leaflet.pdf", contentType: "application/pdf", channel: "mms", text: null });
    expect(file.size).toBe(sample("leaflet.pdf").length);
  });

  it("does not fetch from the app's own address once the provider is Vonage", async () => {
    // The webhook is routed (the link is on the app's own address), then the worker refuses it.
    process.env.MESSAGING_PROVIDER = "vonage";
    process.env.VONAGE_WEBHOOK_SECRET = "test-webhook-secret-0123456789";
    forgetSourceAccess();
    try {
      const { signedRequest } = await import("../support/webhooks");
      const body = {
        channel: "whatsapp",
        message_uuid: crypto.randomUUID(),
        to: WA,
        from: "447700900703",
        timestamp: new Date().toISOString(),
        message_type: "image",
        image: { url: `${process.env.CASELINE_INTERNAL_URL}/api/simulator/media/photo.png` },
      };
      expect((await inbound(signedRequest("http://localhost/api/vonage/inbound", body))).status).toBe(200);
      const file = await fileFrom("447700900703");
      expect(file.state).toBe("failed");
      expect(file.failureReason).toMatch(/^Not copied: 127\.0\.0\.1:\d+ is not one of Vonage's media hosts/);
    } finally {
      delete process.env.MESSAGING_PROVIDER;
      delete process.env.VONAGE_WEBHOOK_SECRET;
      forgetSourceAccess();
    }
  });

  it("refuses a name that is not a sample", async () => {
    await expect(sendFromPhone(owner, { ourNumber: WA, theirNumber: "447700900704", text: "", attachment: "../../.env" as "photo.png" })).rejects.toThrow();
    const answer = await sampleRoute(new Request("http://localhost/api/simulator/media/x"), { params: Promise.resolve({ name: "..%2F..%2Fpackage.json" }) });
    expect(answer.status).toBe(404);
  });
});
