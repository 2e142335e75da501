// SPEC §11 inbound media, over real HTTP: a local media server on 127.0.0.1 stands in for
// Vonage's media URLs (VONAGE_MEDIA_HOSTS=127.0.0.1), the real inbound webhook route stores
// the message with its file row and job, the real download worker copies the file into the
// PostgreSQL storage, and GET /api/v1/media/{id} serves it back.
import { createHash, generateKeyPairSync, randomBytes, randomUUID, verify } from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getMediaRoute } from "@/app/api/v1/media/[id]/route";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { MEDIA_QUEUE } from "@/lib/jobs/media-queue";
import { downloadMediaFile } from "@/lib/media/download-file";
import { fetchSource } from "@/lib/media/fetch-source";
import { requeueStrandedMedia, startMediaWorker, type MediaWorker } from "@/lib/media/download-worker";
import { forgetSourceAccess } from "@/lib/media/source-access";
import { mediaStorage } from "@/lib/media/storage";
import { erasePerson, exportPerson, previewErase } from "@/lib/privacy/person-data";
import { api, tokenFor } from "../support/api";
import { bytesRoute, startMediaServer, streamRoute, type MediaServer } from "../support/media-server";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { signedRequest, useWebhookSecret } from "../support/webhooks";

const WA_NUMBER = "447700900500";
const SMS_NUMBER = "447700900501";
const PNG = randomBytes(300_000); // any bytes: the worker keeps what the source sends
let server: MediaServer;
let worker: MediaWorker;
let surveyId: number;
let admin: CurrentUser;
let staff: CurrentUser;
let outsider: CurrentUser;
const tokens = { admin: "", staff: "", outsider: "" };
let counter = 0;
const person = () => `4479110${String(50000 + counter++)}`;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  useWebhookSecret();
  process.env.VONAGE_MEDIA_HOSTS = "127.0.0.1";
  process.env.MEDIA_RETRY_BASE_SECONDS = "0";
  server = await startMediaServer();
  surveyId = (await createSurvey({ name: "Repairs" })).id;
  const other = await createSurvey({ name: "Other" });
  await createLink({ ourNumber: WA_NUMBER, surveyId, channel: "whatsapp" });
  await createLink({ ourNumber: SMS_NUMBER, surveyId, channel: "sms" });
  admin = asUser(await createUser({ email: "admin@example.com", name: "Ada Admin", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", name: "Sam Staff", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "outsider@example.com", name: "Oz Other", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${surveyId}), (${outsider.id}, ${other.id})`;
  tokens.admin = await tokenFor(admin);
  tokens.staff = await tokenFor(staff);
  tokens.outsider = await tokenFor(outsider);
  worker = await startMediaWorker({ connectionString: process.env.DATABASE_URL!, log: () => {}, pollingIntervalSeconds: 0.5, concurrency: 3 });
});

afterAll(async () => {
  await worker.stop();
  await server.close();
});

afterEach(() => {
  for (const name of ["MESSAGING_PROVIDER", "VONAGE_APPLICATION_ID", "VONAGE_PRIVATE_KEY"]) delete process.env[name];
  process.env.MEDIA_RETRY_BASE_SECONDS = "0";
  forgetSourceAccess();
});

type FileRow = {
  id: number;
  messageId: number;
  state: "pending" | "saved" | "failed";
  kind: string;
  name: string | null;
  contentType: string | null;
  size: number | null;
  sha256: string | null;
  storageKey: string | null;
  failureReason: string | null;
  attempts: number;
  savedAt: string | null;
};

async function fileOfMessage(messageUuid: string): Promise<FileRow | undefined> {
  const [row] = await getSql()<FileRow[]>`
    select f.id::int, f.message_id::int as "messageId", f.state, f.kind, f.name, f.content_type as "contentType", f.size::int,
      f.sha256, f.storage_key as "storageKey", f.failure_reason as "failureReason", f.attempts, f.saved_at::text as "savedAt"
    from media_files f join messages m on m.id = f.message_id where m.provider_message_id = ${messageUuid}`;
  return row;
}

/** A WhatsApp media message through the real, signed inbound webhook; its file row. */
async function mediaMessage({
  url,
  type = "image",
  name,
  caption,
  from = person(),
  uuid = randomUUID(),
  channel = "whatsapp",
}: {
  url?: string;
  type?: string;
  name?: string;
  caption?: string;
  from?: string;
  uuid?: string;
  channel?: "whatsapp" | "mms";
}): Promise<FileRow & { uuid: string; from: string }> {
  const body = {
    channel,
    message_uuid: uuid,
    to: channel === "whatsapp" ? WA_NUMBER : SMS_NUMBER,
    from,
    timestamp: new Date().toISOString(),
    message_type: type,
    [type]: { ...(url ? { url } : {}), ...(name ? { name } : {}), ...(caption ? { caption } : {}) },
    ...(channel === "whatsapp" ? { profile: { name: "Pat" } } : {}),
  };
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", body));
  expect(response.status).toBe(200);
  const file = await fileOfMessage(uuid);
  if (!file) throw new Error("no media_files row for the message");
  return { ...file, uuid, from };
}

const settled = (uuid: string, timeoutMs = 20_000) =>
  waitFor(async () => {
    const file = await fileOfMessage(uuid);
    return file && file.state !== "pending" && file;
  }, { timeoutMs, what: `the file of ${uuid} to settle` });

async function download(token: string, fileId: number, headers: Record<string, string> = {}) {
  const response = await getMediaRoute(new Request(`http://localhost/api/v1/media/${fileId}`, { headers: { authorization: `Bearer ${token}`, ...headers } }), {
    params: Promise.resolve({ id: String(fileId) }),
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const jobsOf = async (fileId: number) =>
  (await getSql()`select count(*)::int as n from pgboss.job where name = ${MEDIA_QUEUE} and (data->>'fileId')::bigint = ${fileId}`)[0]!.n as number;
const blobsOf = async (fileId: number) => (await getSql()`select count(*)::int as n from media_blobs where file_id = ${fileId}`)[0]!.n as number;
const caseOf = async (theirNumber: string) => (await getSql()`select id::int from cases where their_number = ${theirNumber}`)[0]!.id as number;

describe("an inbound media message", () => {
  it("is stored with its file and served byte for byte after the source has gone", async () => {
    const source = await startMediaServer();
    const url = source.route("/v3/media/photo-1", bytesRoute(PNG, "image/png; charset=binary"));
    const sent = await mediaMessage({ url, caption: "The leak under the sink" });
    expect(sent).toMatchObject({ kind: "image", state: expect.stringMatching(/pending|saved/) });
    const file = await settled(sent.uuid);
    expect(file).toMatchObject({ state: "saved", contentType: "image/png", size: PNG.length, sha256: sha256(PNG), failureReason: null, attempts: 1 });
    expect(file.savedAt).not.toBeNull();
    await source.close(); // Vonage's link is gone: Caseline's copy is what counts now

    const got = await download(tokens.staff, file.id);
    expect(got.status).toBe(200);
    expect(sha256(got.bytes)).toBe(sha256(PNG));
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(got.headers.get("content-length")).toBe(String(PNG.length));
    expect(got.headers.get("content-disposition")).toMatch(/^inline; filename="image-\d+\.png"/);
    expect(got.headers.get("x-content-type-options")).toBe("nosniff");
    expect(got.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(got.headers.get("cache-control")).toMatch(/^private/);
    expect(got.headers.get("etag")).toBe(`"${sha256(PNG)}"`);

    // The API's message carries Caseline's own address of the file, never Vonage's.
    const detail = await api(tokens.staff, "GET", `/cases/${await caseOf(sent.from)}`);
    expect(detail.body.messages[0].media).toEqual({
      type: "image",
      caption: "The leak under the sink",
      fileId: file.id,
      url: `/api/v1/media/${file.id}`,
      state: "saved",
      contentType: "image/png",
      size: PNG.length,
      sha256: sha256(PNG),
    });
    expect(detail.body.messages[0].text).toBe("The leak under the sink");
  });

  it("keeps a file's name and serves it for download (MMS too)", async () => {
    const pdf = Buffer.from("%PDF-1.4 a leaflet");
    const url = server.route("/v3/media/leaflet", bytesRoute(pdf, "application/pdf"));
    const sent = await mediaMessage({ url, type: "file", name: "Gas safety — 2025.pdf", channel: "mms" });
    const file = await settled(sent.uuid);
    expect(file).toMatchObject({ state: "saved", kind: "file", name: "Gas safety — 2025.pdf", contentType: "application/pdf" });
    const got = await download(tokens.staff, file.id);
    expect(got.bytes.equals(pdf)).toBe(true);
    expect(got.headers.get("content-type")).toBe("application/octet-stream");
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="Gas safety _ 2025.pdf"; filename*=UTF-8''Gas%20safety%20%E2%80%94%202025.pdf`);
  });

  it("sends the application's JWT when Vonage is configured, and nothing with the simulator", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    Object.assign(process.env, {
      MESSAGING_PROVIDER: "vonage",
      VONAGE_APPLICATION_ID: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
      VONAGE_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    });
    forgetSourceAccess();
    const url = server.route("/v3/media/secure", bytesRoute(PNG, "image/jpeg"));
    const sent = await mediaMessage({ url });
    expect((await settled(sent.uuid)).state).toBe("saved");
    const seen = server.requests.filter((r) => r.path === "/v3/media/secure");
    expect(seen).toHaveLength(1);
    const [scheme, token] = String(seen[0]!.headers.authorization).split(" ");
    expect(scheme).toBe("Bearer");
    const [header, payload, signature] = token!.split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toMatchObject({ alg: "RS256" });
    expect(verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature!, "base64url"))).toBe(true);
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({ application_id: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" });

    for (const name of ["MESSAGING_PROVIDER", "VONAGE_APPLICATION_ID", "VONAGE_PRIVATE_KEY"]) delete process.env[name];
    forgetSourceAccess();
    const plainUrl = server.route("/v3/media/plain", bytesRoute(PNG, "image/jpeg"));
    const plain = await mediaMessage({ url: plainUrl });
    expect((await settled(plain.uuid)).state).toBe("saved");
    expect(server.requests.find((r) => r.path === "/v3/media/plain")!.headers.authorization).toBeUndefined();
  });

  it("retries a source that fails three times, then keeps the file", async () => {
    const url = server.route("/v3/media/flaky", (request, response, attempt) => {
      if (attempt <= 3) return void response.writeHead(503, { "content-type": "text/plain" }).end("busy");
      bytesRoute(PNG, "image/png")(request, response, attempt);
    });
    const sent = await mediaMessage({ url });
    const file = await settled(sent.uuid);
    expect(file).toMatchObject({ state: "saved", attempts: 4, failureReason: null, sha256: sha256(PNG) });
    expect(server.requests.filter((r) => r.path === "/v3/media/flaky")).toHaveLength(4);
    // One job per attempt, each queued by the failure before it: never two for one attempt.
    expect(await jobsOf(file.id)).toBe(4);
  });

  it("does not keep a body cut off before its Content-Length: tried again", async () => {
    const url = server.route("/v3/media/cut", (request, response, attempt) => {
      if (attempt > 1) return bytesRoute(PNG, "image/png")(request, response, attempt);
      response.writeHead(200, { "content-type": "image/png", "content-length": String(PNG.length) });
      response.write(PNG.subarray(0, 100_000), () => response.socket?.destroy());
    });
    const sent = await mediaMessage({ url });
    const file = await settled(sent.uuid);
    expect(file).toMatchObject({ state: "saved", attempts: 2, size: PNG.length, sha256: sha256(PNG) });
    expect(await blobsOf(file.id)).toBe(1);
  });

  it("tries an empty answer again instead of keeping an empty file", async () => {
    const url = server.route("/v3/media/empty-then-full", (request, response, attempt) => {
      if (attempt === 1) return void response.writeHead(200, { "content-type": "image/png" }).end();
      bytesRoute(PNG, "image/png")(request, response, attempt);
    });
    const sent = await mediaMessage({ url });
    const file = await settled(sent.uuid);
    expect(file).toMatchObject({ state: "saved", attempts: 2, size: PNG.length, sha256: sha256(PNG) });
    expect(await blobsOf(file.id)).toBe(1);
  });

  it("names a photo its source sent as application/octet-stream by its bytes, so it shows inline", async () => {
    const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(5_000)]);
    const url = server.route("/v3/media/untyped", bytesRoute(photo, "application/octet-stream"));
    const sent = await mediaMessage({ url });
    expect(await settled(sent.uuid)).toMatchObject({ state: "saved", contentType: "image/png" });
    const html = server.route("/v3/media/untyped-html", bytesRoute(Buffer.from("<html><script>alert(1)</script></html>"), "application/octet-stream"));
    const other = await mediaMessage({ url: html, type: "file", name: "page.html" });
    expect(await settled(other.uuid)).toMatchObject({ state: "saved", contentType: "application/octet-stream" });
  });

  it("keeps the whole body when garbage collection runs before the storage reads it", async () => {
    // undici cancels the unread body of a collected Response unless it is locked: read as an
    // empty, complete file (no Content-Length to tell). The body is locked when fetched.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const url = server.route("/v3/media/chunked", (_request, response) => {
      response.writeHead(200, { "content-type": "image/png" }); // chunked: no length announced
      response.end(PNG);
    });
    const source = await fetchSource(new URL(url), { rules: { extraHosts: [{ hostname: "127.0.0.1", port: null }], ownOrigin: null }, authorization: null });
    if (!source.ok) throw new Error(source.reason);
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const parts: Buffer[] = [];
    for await (const part of source.body) parts.push(Buffer.from(part));
    source.close();
    expect(sha256(Buffer.concat(parts))).toBe(sha256(PNG));
  });

  it("shows the file as pending (409 on the file) while it is being copied", async () => {
    const url = server.route("/v3/media/slow", (request, response, attempt) => {
      setTimeout(() => bytesRoute(PNG, "image/png")(request, response, attempt), 1500);
    });
    const sent = await mediaMessage({ url });
    const early = await download(tokens.staff, sent.id);
    expect(early.status).toBe(409);
    expect(JSON.parse(early.bytes.toString()).error.message).toMatch(/pending/);
    const detail = await api(tokens.staff, "GET", `/cases/${await caseOf(sent.from)}`);
    expect(detail.body.messages[0].media).toMatchObject({ type: "image", fileId: sent.id, state: "pending", url: `/api/v1/media/${sent.id}` });
    expect((await settled(sent.uuid)).state).toBe("saved");
  });

  it("refuses a file over 100 MB announced by Content-Length without reading it, and keeps nothing", async () => {
    const url = server.route("/v3/media/huge", streamRoute(server, "huge", 101_000_000, { contentLength: true }));
    const sent = await mediaMessage({ url, type: "video" });
    const file = await settled(sent.uuid);
    expect(file.state).toBe("failed");
    expect(file.failureReason).toMatch(/larger than 100 MB/);
    expect(file.attempts).toBe(1);
    expect(await blobsOf(file.id)).toBe(0);
    await waitFor(() => server.bytesSent.has("huge"), { what: "the source to stop" });
    expect(server.bytesSent.get("huge")!).toBeLessThan(20_000_000);
    // Kept as a link with the reason.
    const detail = await api(tokens.staff, "GET", `/cases/${await caseOf(sent.from)}`);
    expect(detail.body.messages[0].media).toMatchObject({ state: "failed", failureReason: expect.stringMatching(/larger than 100 MB/), sourceUrl: url });
  });

  it("refuses a chunked file once it passes 100 MB, and keeps none of it", async () => {
    const url = server.route("/v3/media/huge-chunked", streamRoute(server, "huge-chunked", 101_000_000, { contentLength: false }));
    const sent = await mediaMessage({ url, type: "video" });
    const file = await settled(sent.uuid, 60_000);
    expect(file).toMatchObject({ state: "failed", attempts: 1, storageKey: null });
    expect(file.failureReason).toMatch(/larger than 100 MB/);
    expect(await blobsOf(file.id)).toBe(0);
    expect((await getSql()`select count(*)::int as n from media_chunks c join media_blobs b on b.key = c.blob_key where b.file_id = ${file.id}`)[0]!.n).toBe(0);
  }, 120_000);

  it("never fetches a link off the allowed hosts: failed at once with the reason, no job", async () => {
    const sent = await mediaMessage({ url: "https://media.example.com/v3/media/abc" });
    expect(sent.state).toBe("failed");
    expect(sent.failureReason).toMatch(/media\.example\.com is not one of Vonage's media hosts/);
    expect(await jobsOf(sent.id)).toBe(0);
    const none = await mediaMessage({ url: undefined });
    expect(none).toMatchObject({ state: "failed", failureReason: "Vonage sent no link to this file." });
    expect(await jobsOf(none.id)).toBe(0);
    // Vonage's own hosts are fetched over https only.
    const insecure = await mediaMessage({ url: "http://api-eu.nexmo.com/v3/media/abc" });
    expect(insecure.failureReason).toMatch(/https/);
  });

  it("refuses a redirect to a host that is not allowed, and never sends the JWT to another origin", async () => {
    const url = server.route("/v3/media/away", (_request, response) => response.writeHead(302, { location: "https://elsewhere.example.net/file.png" }).end());
    const sent = await mediaMessage({ url });
    const file = await settled(sent.uuid);
    expect(file.state).toBe("failed");
    expect(file.failureReason).toMatch(/redirected to elsewhere\.example\.net, which Caseline does not fetch from/);
    expect(file.attempts).toBe(1);

    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    Object.assign(process.env, {
      MESSAGING_PROVIDER: "vonage",
      VONAGE_APPLICATION_ID: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
      VONAGE_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    });
    forgetSourceAccess();
    const other = await startMediaServer(); // 127.0.0.1 too (allowed), another port: another origin
    try {
      const target = other.route("/cdn/file.png", bytesRoute(PNG, "image/png"));
      const hop = server.route("/v3/media/hop", (_request, response) => response.writeHead(307, { location: target }).end());
      const moved = await mediaMessage({ url: hop });
      expect((await settled(moved.uuid)).state).toBe("saved");
      expect(server.requests.find((r) => r.path === "/v3/media/hop")!.headers.authorization).toMatch(/^Bearer /);
      expect(other.requests.find((r) => r.path === "/cdn/file.png")!.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it("makes one file and one job of a webhook delivered twice at once", async () => {
    const url = server.route("/v3/media/twice", bytesRoute(PNG, "image/png"));
    const uuid = randomUUID();
    const from = person();
    const body = { channel: "whatsapp", message_uuid: uuid, to: WA_NUMBER, from, timestamp: new Date().toISOString(), message_type: "image", image: { url } };
    const answers = await Promise.all([1, 2, 3].map(() => inbound(signedRequest("http://localhost/api/vonage/inbound", body))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const file = await settled(uuid);
    expect(file.state).toBe("saved");
    expect((await getSql()`select count(*)::int as n from media_files f join messages m on m.id = f.message_id where m.provider_message_id = ${uuid}`)[0]!.n).toBe(1);
    expect(await jobsOf(file.id)).toBe(1);
    expect(server.requests.filter((r) => r.path === "/v3/media/twice")).toHaveLength(1);
  });
});

describe("serving a file", () => {
  it("answers 404 to a staff user of another survey, exactly as for a missing file", async () => {
    const url = server.route("/v3/media/private", bytesRoute(PNG, "image/png"));
    const sent = await mediaMessage({ url });
    const file = await settled(sent.uuid);
    expect((await download(tokens.staff, file.id)).status).toBe(200);
    expect((await download(tokens.admin, file.id)).status).toBe(200);
    const refused = await download(tokens.outsider, file.id);
    const missing = await download(tokens.outsider, 999_999_999);
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.bytes.toString())).toEqual(JSON.parse(missing.bytes.toString()));
    expect((await download("cl_not-a-token", file.id)).status).toBe(401);
  });

  it("serves an upload not yet attached to a reply to its uploader only", async () => {
    const [row] = await getSql()<Array<{ id: number }>>`
      insert into media_files (direction, kind, state, uploaded_by) values ('outbound', 'image', 'pending', ${staff.id}) returning id::int`;
    const stored = await mediaStorage().put(row!.id, (async function* () { yield PNG; })(), { maxBytes: 10_000_000 });
    await getSql()`update media_files set state = 'saved', content_type = 'image/png', size = ${stored.size}, sha256 = ${stored.sha256}, storage_key = ${stored.key} where id = ${row!.id}`;
    expect((await download(tokens.staff, row!.id)).status).toBe(200);
    expect((await download(tokens.admin, row!.id)).status).toBe(404);
    expect((await download(tokens.outsider, row!.id)).status).toBe(404);
  });

  it("never serves HTML or SVG as a page: octet-stream, attachment, nosniff, sandboxed", async () => {
    const html = Buffer.from("<html><script>alert(document.cookie)</script></html>");
    const page = await mediaMessage({ url: server.route("/v3/media/page", bytesRoute(html, "text/html; charset=utf-8")), type: "file", name: "invoice.html" });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const picture = await mediaMessage({ url: server.route("/v3/media/vector", bytesRoute(svg, "image/svg+xml")) });
    for (const [sent, bytes, name] of [
      [page, html, "invoice.html"],
      [picture, svg, `image-${picture.id}`],
    ] as const) {
      const file = await settled(sent.uuid);
      expect(file.state).toBe("saved");
      const got = await download(tokens.staff, file.id);
      expect(got.bytes.equals(bytes)).toBe(true);
      expect(got.headers.get("content-type")).toBe("application/octet-stream");
      expect(got.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="${name}"`));
      expect(got.headers.get("x-content-type-options")).toBe("nosniff");
      expect(got.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    }
  });

  it("answers a byte range with 206, one outside the file with 416, and a known ETag with 304", async () => {
    const url = server.route("/v3/media/ranged", bytesRoute(PNG, "video/mp4"));
    const file = await settled((await mediaMessage({ url, type: "video" })).uuid);
    const part = await download(tokens.staff, file.id, { range: "bytes=100-299" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-299/${PNG.length}`);
    expect(part.headers.get("content-length")).toBe("200");
    expect(part.bytes.equals(PNG.subarray(100, 300))).toBe(true);
    const across = await download(tokens.staff, file.id, { range: "bytes=262000-262300" }); // a chunk boundary (256 KiB)
    expect(across.bytes.equals(PNG.subarray(262000, 262301))).toBe(true);
    const tail = await download(tokens.staff, file.id, { range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(tail.bytes.equals(PNG.subarray(PNG.length - 10))).toBe(true);
    const open = await download(tokens.staff, file.id, { range: `bytes=${PNG.length - 5}-` });
    expect(open.bytes.equals(PNG.subarray(PNG.length - 5))).toBe(true);
    const outside = await download(tokens.staff, file.id, { range: `bytes=${PNG.length}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get("content-range")).toBe(`bytes */${PNG.length}`);
    const several = await download(tokens.staff, file.id, { range: "bytes=0-1,5-6" });
    expect(several.status).toBe(200);
    expect(several.bytes.length).toBe(PNG.length);
    const cached = await download(tokens.staff, file.id, { "if-none-match": `"${file.sha256}"` });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    // A staff user of another survey learns nothing from a range either.
    expect((await download(tokens.outsider, file.id, { range: "bytes=0-1" })).status).toBe(404);
  });
});

describe("a file that could not be saved", () => {
  it("is given up on after the link's 48 hours, and Retry fetches it again", async () => {
    let broken = true;
    const url = server.route("/v3/media/late", (request, response, attempt) => {
      if (broken) return void response.writeHead(404, { "content-type": "text/plain" }).end("gone");
      bytesRoute(PNG, "image/webp")(request, response, attempt);
    });
    const sent = await mediaMessage({ url });
    await waitFor(() => server.requests.some((r) => r.path === "/v3/media/late"), { what: "a first attempt" });
    // Still pending and retried, with the last failure; then the message is 49 hours old.
    const retrying = await fileOfMessage(sent.uuid);
    expect(retrying!.state === "pending" ? retrying!.failureReason ?? "" : "").toMatch(/^$|127\.0\.0\.1:\d+ answered 404 Not Found/);
    await getSql()`update messages set created_at = now() - interval '49 hours' where provider_message_id = ${sent.uuid}`;
    const failed = await settled(sent.uuid);
    expect(failed.state).toBe("failed");
    expect(failed.failureReason).toMatch(/^Gave up after 48 hours of tries \(last try: 127\.0\.0\.1:\d+ answered 404 Not Found\)$/);
    const caseId = await caseOf(sent.from);
    const before = await api(tokens.staff, "GET", `/cases/${caseId}`);
    expect(before.body.messages[0].media).toMatchObject({ state: "failed", failureReason: failed.failureReason });
    expect(before.body.messages[0].media.sourceUrl).toBeUndefined(); // the link has expired

    // Another survey's staff: as if it did not exist. A file that is not failed: 409.
    expect((await api(tokens.outsider, "POST", `/cases/${caseId}/messages/${sent.messageId}/media/retry`)).status).toBe(404);
    broken = false;
    const retried = await api(tokens.staff, "POST", `/cases/${caseId}/messages/${sent.messageId}/media/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toEqual({ fileId: failed.id, state: "pending" });
    const saved = await settled(sent.uuid);
    expect(saved).toMatchObject({ state: "saved", contentType: "image/webp", sha256: sha256(PNG), failureReason: null });
    expect((await api(tokens.staff, "POST", `/cases/${caseId}/messages/${sent.messageId}/media/retry`)).status).toBe(409);
    const [audit] = await getSql()`select action, actor_user_id::int as actor, case_id::int as "caseId", target, before, after from audit_log where action = 'media.retried'`;
    expect(audit).toMatchObject({ actor: staff.id, caseId, target: `media:${failed.id}`, before: { state: "failed" }, after: { state: "pending" } });
  });

  it("is queued again by the sweep when its job was lost", async () => {
    process.env.MEDIA_RETRY_BASE_SECONDS = "3600"; // the retry after the first failure waits an hour
    const url = server.route("/v3/media/lost", (request, response, attempt) => {
      if (attempt === 1) return void response.writeHead(500).end();
      bytesRoute(PNG, "image/png")(request, response, attempt);
    });
    const sent = await mediaMessage({ url });
    await waitFor(async () => (await fileOfMessage(sent.uuid))!.failureReason !== null, { what: "the first failure" });
    // The retry's job disappears (a wiped queue), and the file is overdue.
    await getSql()`delete from pgboss.job where name = ${MEDIA_QUEUE} and (data->>'fileId')::bigint = ${sent.id}`;
    await getSql()`update media_files set next_attempt_at = now() - interval '2 minutes' where id = ${sent.id}`;
    expect(await requeueStrandedMedia()).toBeGreaterThanOrEqual(1);
    expect((await settled(sent.uuid)).state).toBe("saved");
  });

  it("is copied by one worker at a time, and a half-written copy of a dead attempt is removed", async () => {
    const url = server.route("/v3/media/contended", (request, response, attempt) => {
      setTimeout(() => bytesRoute(PNG, "image/png")(request, response, attempt), 300);
    });
    // A pending file with no job (the running worker does not see it), and a dead attempt's blob.
    const [message] = await getSql()<Array<{ id: number }>>`
      insert into messages (direction, channel, our_number, their_number, message_type, status)
      values ('inbound', 'whatsapp', ${WA_NUMBER}, ${person()}, 'image', 'received') returning id::int`;
    const [file] = await getSql()<Array<{ id: number }>>`
      insert into media_files (message_id, direction, kind, state, source_url, next_attempt_at)
      values (${message!.id}, 'inbound', 'image', 'pending', ${url}, now()) returning id::int`;
    await getSql()`insert into media_blobs (key, file_id, chunk_size) values (${randomUUID()}, ${file!.id}, 262144)`;
    const outcomes = await Promise.all([downloadMediaFile(file!.id), downloadMediaFile(file!.id), downloadMediaFile(file!.id)]);
    expect(outcomes.map((o) => o.result).sort()).toEqual(["saved", "skipped", "skipped"]);
    expect(server.requests.filter((r) => r.path === "/v3/media/contended")).toHaveLength(1);
    expect(await blobsOf(file!.id)).toBe(1);
    expect((await getSql()`select count(*)::int as n from media_blobs where file_id = ${file!.id} and not complete`)[0]!.n).toBe(0);
  });
});

describe("erasing and exporting the person", () => {
  it("counts, lists (without the bytes) and deletes their stored files", async () => {
    const url = server.route("/v3/media/personal", bytesRoute(PNG, "image/png"));
    const sent = await mediaMessage({ url });
    const file = await settled(sent.uuid);
    const { counts } = await previewErase(admin, sent.from);
    expect(counts).toMatchObject({ messagesFrom: 1, media: 1, mediaFiles: 1, mediaBytes: PNG.length });
    const exported = await exportPerson(admin, sent.from);
    expect(exported.mediaFiles).toEqual([
      expect.objectContaining({ id: file.id, messageId: file.messageId, type: "image", contentType: "image/png", size: PNG.length, sha256: sha256(PNG), state: "saved", bytes: expect.stringMatching(/^not included/) }),
    ]);
    expect(JSON.stringify(exported)).not.toContain(PNG.subarray(0, 32).toString("base64"));
    await erasePerson(admin, sent.from);
    expect((await getSql()`select count(*)::int as n from media_files where id = ${file.id}`)[0]!.n).toBe(0);
    expect(await blobsOf(file.id)).toBe(0);
    expect((await getSql()`select count(*)::int as n from media_chunks where blob_key = ${file.storageKey}`)[0]!.n).toBe(0);
    expect((await download(tokens.admin, file.id)).status).toBe(404);
  });
});
