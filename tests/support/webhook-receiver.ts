// A webhook receiver on 127.0.0.1 for the outgoing webhook tests and the benchmark: it keeps
// every request (headers and raw body) and answers as told — 200, another status, or never
// (a hanging receiver). `down()` closes its port (connection refused); `up()` opens the same
// port again.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedDelivery = { at: number; eventId: string; signature: string; userAgent: string; contentType: string; body: string };
export type ReceiverMode = { status: number } | "hang";

export type WebhookReceiver = {
  url: string;
  received: ReceivedDelivery[];
  answer: (mode: ReceiverMode) => void;
  down: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
};

export async function startWebhookReceiver({ path = "/hooks" }: { path?: string } = {}): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  let mode: ReceiverMode = { status: 200 };
  const hanging = new Set<http.ServerResponse>();
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        at: Date.now(),
        eventId: String(req.headers["caseline-event-id"] ?? ""),
        signature: String(req.headers["caseline-signature"] ?? ""),
        userAgent: String(req.headers["user-agent"] ?? ""),
        contentType: String(req.headers["content-type"] ?? ""),
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (mode === "hang") {
        hanging.add(res);
        return;
      }
      res.writeHead(mode.status, { "content-type": "text/plain" });
      res.end(mode.status === 200 ? "ok" : "Service Unavailable");
    });
  };
  let server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const close = async () => {
    for (const res of hanging) res.destroy();
    hanging.clear();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (next) => {
      mode = next;
    },
    down: close,
    up: async () => {
      server = http.createServer({ keepAliveTimeout: 60_000 }, handler);
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close,
  };
}
