// A stand-in for Vonage's Messages API on 127.0.0.1 (VONAGE.md): POST /v1/messages answers
// 202 {"message_uuid"} like Vonage, or whatever a test scripts (429, 500, 400 …). Used by
// the integration tests and `npm run bench:outbound`, with the real SDK pointed at it.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeRequest = { at: number; authorization: string | undefined; body: Record<string, unknown>; messageUuid: string | null };
export type ScriptedAnswer = { status: number; body?: Record<string, unknown>; delayMs?: number };

export type FakeVonage = {
  url: string;
  requests: FakeRequest[];
  /** Answers for the next requests, in order; after them, 202. */
  script: (...answers: ScriptedAnswer[]) => void;
  /** Called once the message_uuid is chosen, before the 202 goes out (to race status webhooks). */
  beforeAccept: (hook: ((uuid: string, body: Record<string, unknown>) => Promise<void>) | null) => void;
  /** How long every answer takes from now on (a real API call is not instant). */
  latency: (ms: number) => void;
  reset: () => void;
  close: () => Promise<void>;
};

export async function startFakeVonage({ port = 0 }: { port?: number } = {}): Promise<FakeVonage> {
  const requests: FakeRequest[] = [];
  let answers: ScriptedAnswer[] = [];
  let defaultDelayMs = 0;
  let hook: ((uuid: string, body: Record<string, unknown>) => Promise<void>) | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const reply = (status: number, body: Record<string, unknown>) => {
        res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || req.url !== "/v1/messages") return reply(404, { title: "Not Found", detail: `${req.method} ${req.url}` });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        return reply(400, { title: "Bad Request", detail: "The body is not JSON" });
      }
      const answer = answers.shift();
      const record: FakeRequest = { at: Date.now(), authorization: req.headers.authorization, body, messageUuid: null };
      requests.push(record);
      const delayMs = answer?.delayMs ?? defaultDelayMs;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (answer && answer.status !== 202) {
        return reply(answer.status, answer.body ?? { type: "https://developer.vonage.com/api-errors", title: String(answer.status), detail: "Scripted failure" });
      }
      const uuid = randomUUID();
      record.messageUuid = uuid;
      if (hook) await hook(uuid, body);
      reply(202, { message_uuid: uuid });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    script: (...next) => answers.push(...next),
    beforeAccept: (next) => {
      hook = next;
    },
    latency: (ms) => {
      defaultDelayMs = ms;
    },
    reset: () => {
      requests.length = 0;
      answers = [];
      hook = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
