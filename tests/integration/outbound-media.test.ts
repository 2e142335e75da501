// SPEC §11 Outbound against the fake Vonage (real SDK, real worker) and a real HTTP server for
// PUBLIC_URL: a file uploaded through the API (streamed), sent with a reply, reaches Vonage
// as a WhatsApp image whose signed address gives back the same bytes; every refusal stores
// nothing.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as consoleUpload } from "@/app/api/uploads/route";
import { POST as apiUpload } from "@/app/api/v1/uploads/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { MB, SMS_REFUSAL } from "@/lib/media/outbound-rules";
import { publicFileUrl } from "@/lib/media/public-address";
import { openPublicFile } from "@/lib/media/public-file";
import { MEDIA_URL_TTL_SECONDS } from "@/lib/media/signed-url";
import { deleteStaleUploads } from "@/lib/media/upload";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { api, tokenFor } from "../support/api";
import { startFakeVonage, type FakeVonage } from "../support/fake-vonage";
import { count, threadOf } from "../support/inspect";
import { caseFrom, messageRow, newKey, pointSdkAtFakeVonage } from "../support/replies";
import { publicMediaRoutes, startRouteServer, type RouteServer } from "../support/route-server";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const SMS_NUMBER = "447700900500";
const WA_NUMBER = "447700900510";
let fake: FakeVonage;
let publicServer: RouteServer;
let worker: SendWorker;
let staff: CurrentUser;
let other: CurrentUser;
let staffToken: string;
let otherToken: string;
let counter = 0;
const person = () => `4477009${String(70000 + counter++)}`;

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A file that starts as a PNG does, `size` bytes long. */
const png = (size: number) => Buffer.concat([PNG_HEAD, randomBytes(size - PNG_HEAD.length)]);

/** Yields the bytes in pieces as a network would, counting how many were pulled. */
function streamOf(source: Buffer | { size: number }, pulled = { bytes: 0 }): ReadableStream<Uint8Array> {
  const total = Buffer.isBuffer(source) ? source.length : source.size;
  const piece = 64 * 1024;
  const filler = Buffer.alloc(piece, 7);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= total) return controller.close();
      const n = Math.min(piece, total - at);
      const chunk = Buffer.isBuffer(source) ? source.subarray(at, at + n) : filler.subarray(0, n);
      at += n;
      pulled.bytes += n;
      controller.enqueue(new Uint8Array(chunk));
    },
  });
}

type Uploaded = { id: number; name: string; contentType: string; size: number; sha256: string; kind: string };

async function upload(
  token: string,
  body: Buffer | { size: number },
  { name = "photo.png", type = "image/png", length, pulled }: { name?: string; type?: string; length?: number | null; pulled?: { bytes: number } } = {},
) {
  const size = Buffer.isBuffer(body) ? body.length : body.size;
  const declared = length === undefined ? size : length;
  const request = new Request(`http://localhost/api/v1/uploads?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": type, ...(declared === null ? {} : { "content-length": String(declared) }) },
    body: streamOf(body, pulled),
    duplex: "half",
  } as RequestInit);
  const response = await apiUpload(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Uploaded & { error: { code: string; message: string } } };
}

async function uploaded(token: string, body: Buffer, options: Parameters<typeof upload>[2] = {}): Promise<Uploaded> {
  const answer = await upload(token, body, options);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

const reply = (token: string, caseId: number, body: Record<string, unknown>) => api(token, "POST", `/cases/${caseId}/replies`, { idempotencyKey: newKey(), ...body });

const sentTo = (to: string) => fake.requests.filter((r) => r.body.to === to);

async function whatsappCase() {
  const P = person();
  return { P, c: await caseFrom({ from: P, to: WA_NUMBER, channel: "whatsapp" }) };
}

const fileRow = async (id: number) =>
  (await getSql()<Array<{ messageId: number | null; state: string; uploadedBy: number | null; size: number; kind: string }>>`
    select message_id::int as "messageId", state, uploaded_by as "uploadedBy", size::int as size, kind from media_files where id = ${id}`)[0];

beforeAll(async () => {
  useWebhookSecret();
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  process.env.SEND_TIMEOUT_MS = "2000";
  fake = await startFakeVonage();
  pointSdkAtFakeVonage(fake.url);
  publicServer = await startRouteServer(await publicMediaRoutes());
  process.env.PUBLIC_URL = publicServer.url;
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: SMS_NUMBER, surveyId: survey.id, channel: "sms" });
  await createLink({ ourNumber: WA_NUMBER, surveyId: survey.id, channel: "whatsapp" });
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  other = asUser(await createUser({ email: "other@example.com", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${survey.id}), (${other.id}, ${survey.id})`;
  staffToken = await tokenFor(staff);
  otherToken = await tokenFor(other);
  worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });
});

afterAll(async () => {
  await worker.stop();
  await fake.close();
  await publicServer.close();
  delete process.env.PUBLIC_URL;
});

beforeEach(() => {
  fake.reset();
  process.env.PUBLIC_URL = publicServer.url;
});

describe("uploading (POST /api/v1/uploads)", () => {
  it("streams the raw body into storage and answers what it kept", async () => {
    const bytes = png(300_000);
    const body = await uploaded(staffToken, bytes, { name: "Boiler photo.png" });
    expect(body).toEqual({ id: expect.any(Number), name: "Boiler photo.png", contentType: "image/png", size: bytes.length, sha256: sha256(bytes), kind: "image" });
    expect(await fileRow(body.id)).toMatchObject({ messageId: null, state: "saved", uploadedBy: staff.id, size: bytes.length, kind: "image" });
  });

  it("takes the name from X-File-Name and the type from the name when only octet-stream was given", async () => {
    const request = new Request("http://localhost/api/v1/uploads", {
      method: "POST",
      headers: { authorization: `Bearer ${staffToken}`, "content-type": "application/octet-stream", "x-file-name": encodeURIComponent("Rapport été.pdf") },
      body: streamOf(Buffer.from("%PDF-1.4 …")),
      duplex: "half",
    } as RequestInit);
    const response = await apiUpload(request, { params: Promise.resolve({}) });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: "Rapport été.pdf", contentType: "application/pdf", kind: "file" });
  });

  it.each([
    ["no name", { name: "" }, 400, /Give the file's name/],
    ["a type no channel can send", { name: "page.html", type: "text/html" }, 400, /This kind of file \(text\/html\) cannot be sent/],
    ["HTML calling itself a PNG", { name: "x.png", type: "image/png", html: true }, 400, /not image\/png/],
  ])("refuses %s, keeping nothing", async (_, options, status, message) => {
    const before = await count("media_files");
    const beforeBlobs = await count("media_blobs");
    const bytes = (options as { html?: boolean }).html ? Buffer.from("<html><script>alert(1)</script></html>") : png(1000);
    const answer = await upload(staffToken, bytes, options);
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toMatch(message);
    expect(await count("media_files")).toBe(before);
    expect(await count("media_blobs")).toBe(beforeBlobs);
  });

  it("refuses 101 MB: with Content-Length before reading it, without one at 100 MB — and keeps nothing", async () => {
    const before = { files: await count("media_files"), blobs: await count("media_blobs"), chunks: await count("media_chunks") };
    const declared = { bytes: 0 };
    const first = await upload(staffToken, { size: 101 * MB }, { name: "big.pdf", type: "application/pdf", pulled: declared });
    expect(first.status).toBe(413);
    expect(first.body.error.message).toBe("The file is larger than 100 MB, the most Caseline takes.");
    expect(declared.bytes).toBeLessThan(MB); // refused on its Content-Length

    const streamed = { bytes: 0 };
    const second = await upload(staffToken, { size: 101 * MB }, { name: "big.pdf", type: "application/pdf", length: null, pulled: streamed });
    expect(second.status).toBe(413);
    expect(streamed.bytes).toBeGreaterThan(100 * MB);
    expect(streamed.bytes).toBeLessThan(100 * MB + MB); // it stopped reading at the limit
    expect({ files: await count("media_files"), blobs: await count("media_blobs"), chunks: await count("media_chunks") }).toEqual(before);
  });

  it("the console's upload route takes only requests from Caseline's own pages", async () => {
    const attempt = (headers: Record<string, string>) =>
      consoleUpload(new Request("http://localhost/api/uploads", { method: "POST", headers: { "content-type": "image/png", ...headers }, body: png(100) }));
    expect((await attempt({ "sec-fetch-site": "cross-site", "x-file-name": "a.png" })).status).toBe(403);
    expect((await attempt({})).status).toBe(403);
  });
});

describe("a reply with a file (POST /cases/{id}/replies with mediaId)", () => {
  it("reaches Vonage as a WhatsApp image whose signed address on PUBLIC_URL gives back the same bytes", async () => {
    const { P, c } = await whatsappCase();
    const bytes = png(200_000);
    const file = await uploaded(staffToken, bytes);
    const answer = await reply(staffToken, c.id, { text: "The part we fitted", mediaId: file.id });
    expect(answer.status).toBe(202);
    const messageId = answer.body.messageId as number;

    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    expect(request!.body).toMatchObject({
      channel: "whatsapp",
      message_type: "image",
      to: P,
      from: WA_NUMBER,
      client_ref: String(messageId),
      image: { url: expect.stringMatching(new RegExp(`^${publicServer.url}/api/media/public/${file.id}/\\d+/[A-Za-z0-9_-]{43}/photo\\.png$`)), caption: `The part we fitted #${c.id}` },
    });
    await waitFor(async () => (await messageRow(messageId)).status === "submitted", { what: "submitted" });

    const url = (request!.body.image as { url: string }).url;
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    expect(fetched.headers.get("content-length")).toBe(String(bytes.length));
    expect(fetched.headers.get("x-content-type-options")).toBe("nosniff");
    expect(sha256(Buffer.from(await fetched.arrayBuffer()))).toBe(sha256(bytes));

    const [message] = (await threadOf(c.id)).filter((m) => m.direction === "outbound");
    expect(message).toMatchObject({ text: `The part we fitted #${c.id}` });
    const [row] = await getSql()`select message_type, media from messages where id = ${messageId}`;
    expect(row).toEqual({ message_type: "image", media: { type: "image", name: "photo.png", caption: `The part we fitted #${c.id}` } });
    expect(await fileRow(file.id)).toMatchObject({ messageId, state: "saved" });
    // The case's JSON (the thread) carries the media as a message's media.
    const detail = await api(staffToken, "GET", `/cases/${c.id}`);
    expect(detail.body.messages.find((m: { id: number }) => m.id === messageId)).toMatchObject({ media: { type: "image", name: "photo.png" } });
  });

  it("a document goes as message_type file with its name and caption, served only as a download", async () => {
    const { P, c } = await whatsappCase();
    const bytes = Buffer.from("%PDF-1.4\n% a small invoice\n");
    const file = await uploaded(staffToken, bytes, { name: "Invoice 42.pdf", type: "application/pdf" });
    expect((await reply(staffToken, c.id, { text: "Your invoice", mediaId: file.id })).status).toBe(202);
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    expect(request!.body).toMatchObject({ message_type: "file", file: { name: "Invoice 42.pdf", caption: `Your invoice #${c.id}`, url: expect.stringContaining("/Invoice-42.pdf") } });
    const fetched = await fetch((request!.body.file as { url: string }).url);
    expect(fetched.headers.get("content-disposition")).toMatch(/^attachment; filename="Invoice-42.pdf"; filename\*=UTF-8''Invoice%2042.pdf$/);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("a file without text goes without a caption, and the message has no text", async () => {
    const { P, c } = await whatsappCase();
    const file = await uploaded(staffToken, png(5000));
    expect((await reply(staffToken, c.id, { mediaId: file.id })).status).toBe(202);
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    expect(request!.body.image).toEqual({ url: expect.any(String) });
    const [message] = (await threadOf(c.id)).filter((m) => m.direction === "outbound");
    expect(message!.text).toBeNull();
  });

  it("a changed signature, an expired address or a file not sent answer 404, saying nothing more", async () => {
    const { P, c } = await whatsappCase();
    const file = await uploaded(staffToken, png(4000));
    await reply(staffToken, c.id, { mediaId: file.id });
    const [request] = await waitFor(() => sentTo(P).length === 1 && sentTo(P), { what: "the send" });
    const url = (request!.body.image as { url: string }).url;
    const parts = /\/(\d+)\/(\d+)\/([^/]+)\/([^/]+)$/.exec(url)!;

    const tampered = url.replace(`/${parts[3]}/`, `/${parts[3]!.slice(0, -2)}${parts[3]!.endsWith("AA") ? "BB" : "AA"}/`);
    const later = url.replace(`/${parts[2]}/`, `/${Number(parts[2]) + 3600}/`);
    const otherFile = url.replace(`/${parts[1]}/`, `/${Number(parts[1]) + 1}/`);
    for (const bad of [tampered, later, otherFile]) {
      const answer = await fetch(bad);
      expect(answer.status).toBe(404);
      expect(await answer.text()).toBe("Not found");
    }
    // Made 25 hours ago: expired an hour ago.
    const expired = publicFileUrl(publicServer.url, { id: file.id, name: "photo.png" }, Date.now() - 25 * 3600_000);
    expect((await fetch(expired)).status).toBe(404);
    // The clock moved on: the address it was given stops working after 24 hours.
    const given = { fileId: parts[1]!, expires: parts[2]!, signature: parts[3]! };
    expect(await openPublicFile(given, Date.now())).not.toBeNull();
    expect(await openPublicFile(given, Date.now() + MEDIA_URL_TTL_SECONDS * 1000 + 1000)).toBeNull();
    // A valid signature for an upload that no reply carries: nothing.
    const loose = await uploaded(staffToken, png(1000));
    expect((await fetch(publicFileUrl(publicServer.url, { id: loose.id, name: "photo.png" }))).status).toBe(404);
  });

  it("on an SMS case: 400 with the reason, nothing stored, the upload still free", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: SMS_NUMBER });
    const file = await uploaded(staffToken, png(1000));
    const before = await count("messages");
    const answer = await reply(staffToken, c.id, { text: "Photo", mediaId: file.id });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(SMS_REFUSAL);
    expect(await count("messages")).toBe(before);
    expect(await fileRow(file.id)).toMatchObject({ messageId: null });
  });

  it("a 6 MB image on WhatsApp: 400 with the limit, nothing stored", async () => {
    const { c } = await whatsappCase();
    const file = await uploaded(staffToken, png(6 * MB));
    const before = await count("messages");
    const answer = await reply(staffToken, c.id, { mediaId: file.id });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe("The file is too large: 6 MB. An image (JPEG or PNG) can be at most 5 MB on WhatsApp.");
    expect(await count("messages")).toBe(before);
  });

  it("audio with text: 400 (WhatsApp shows no caption with audio)", async () => {
    const { c } = await whatsappCase();
    const file = await uploaded(staffToken, randomBytes(2000), { name: "note.mp3", type: "audio/mpeg" });
    const answer = await reply(staffToken, c.id, { text: "Listen", mediaId: file.id });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/no text with audio/);
    expect((await reply(staffToken, c.id, { mediaId: file.id })).status).toBe(202);
  });

  it("someone else's upload, or one that does not exist: 404", async () => {
    const { c } = await whatsappCase();
    const theirs = await uploaded(otherToken, png(1000));
    const before = await count("messages");
    for (const mediaId of [theirs.id, theirs.id + 10_000]) {
      const answer = await reply(staffToken, c.id, { mediaId });
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toBe("Upload not found: upload the file again.");
    }
    expect(await count("messages")).toBe(before);
    expect(await fileRow(theirs.id)).toMatchObject({ messageId: null });
  });

  it("attaching an upload a second time: 409 — also when two replies race for it", async () => {
    const { c } = await whatsappCase();
    const file = await uploaded(staffToken, png(1000));
    expect((await reply(staffToken, c.id, { mediaId: file.id })).status).toBe(202);
    const again = await reply(staffToken, c.id, { mediaId: file.id });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already attached to a reply/);

    const raced = await uploaded(staffToken, png(1000));
    const before = await count("messages");
    const answers = await Promise.all(Array.from({ length: 5 }, () => reply(staffToken, c.id, { text: "Once", mediaId: raced.id })));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409]);
    expect(await count("messages")).toBe(before + 1);
  });

  it("the same idempotency key with the same file and text is one reply, sent once; with other text or another file, 409", async () => {
    const { P, c } = await whatsappCase();
    const file = await uploaded(staffToken, png(1000));
    const key = newKey();
    const answers = await Promise.all([1, 2, 3].map(() => reply(staffToken, c.id, { text: "Same", mediaId: file.id, idempotencyKey: key })));
    expect(answers.map((a) => [a.status, a.body.error?.message])).toEqual([[202, undefined], [202, undefined], [202, undefined]]);
    expect(new Set(answers.map((a) => a.body.messageId)).size).toBe(1);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    await waitFor(() => sentTo(P).length === 1, { what: "the send" });

    const otherText = await reply(staffToken, c.id, { text: "Different", mediaId: file.id, idempotencyKey: key });
    expect(otherText.status).toBe(409);
    const otherFile = await uploaded(staffToken, png(1000));
    const different = await reply(staffToken, c.id, { text: "Same", mediaId: otherFile.id, idempotencyKey: key });
    expect(different.status).toBe(409);
    expect(different.body.error.message).toMatch(/a different file/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sentTo(P)).toHaveLength(1);
  });

  it("outside the WhatsApp window: the same question as for text, then sent anyway", async () => {
    const P = person();
    const c = await caseFrom({ from: P, to: WA_NUMBER, channel: "whatsapp", at: new Date(Date.now() - 30 * 3600_000) });
    const file = await uploaded(staffToken, png(1000));
    const asked = await reply(staffToken, c.id, { mediaId: file.id });
    expect(asked.status).toBe(409);
    expect(asked.body.error.message).toMatch(/^outside_window/);
    expect(await fileRow(file.id)).toMatchObject({ messageId: null });
    expect((await reply(staffToken, c.id, { mediaId: file.id, sendOutsideWindow: true })).status).toBe(202);
  });

  it("with Vonage and no PUBLIC_URL: refused before queueing, saying what to set", async () => {
    delete process.env.PUBLIC_URL;
    const { c } = await whatsappCase();
    const file = await uploaded(staffToken, png(1000));
    const before = await count("messages");
    const answer = await reply(staffToken, c.id, { mediaId: file.id });
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/set PUBLIC_URL .* Vonage fetches files from it/);
    expect(await count("messages")).toBe(before);
  });
});

describe("uploads never attached", () => {
  it("are deleted after a day, bytes and all; attached ones stay", async () => {
    const { c } = await whatsappCase();
    const stale = await uploaded(staffToken, png(1000));
    const fresh = await uploaded(staffToken, png(1000));
    const sent = await uploaded(staffToken, png(1000));
    await reply(staffToken, c.id, { mediaId: sent.id });
    await getSql()`update media_files set created_at = now() - interval '25 hours' where id in (${stale.id}, ${sent.id})`;
    expect(await deleteStaleUploads()).toBe(1);
    expect(await fileRow(stale.id)).toBeUndefined();
    expect(await getSql()`select 1 from media_blobs where file_id = ${stale.id}`).toHaveLength(0);
    expect(await fileRow(fresh.id)).toMatchObject({ messageId: null });
    expect(await fileRow(sent.id)).toMatchObject({ messageId: expect.any(Number) });
  });
});
