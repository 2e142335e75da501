// A real SMTP server for the tests (the `smtp-server` package) on 127.0.0.1: accepts any
// sender, with or without a login, and keeps every message it received. It can be closed
// and opened again on the same port (an SMTP server that went away and came back).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type ReceivedEmail = {
  from: string;
  to: string[];
  raw: string;
  /** Headers, names lower-cased (the first of each). */
  headers: Record<string, string>;
  /** The raw message with quoted-printable undone: the text and HTML parts' words. */
  decoded: string;
};

export type TestSmtpServer = {
  port: number;
  url: string;
  received: ReceivedEmail[];
  close: () => Promise<void>;
  reopen: () => Promise<void>;
};

function parse(raw: string, from: string, to: string[]): ReceivedEmail {
  const [head = ""] = raw.split(/\r?\n\r?\n/, 1);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
  }
  const decoded = raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return { from, to, raw, headers, decoded };
}

export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const received: ReceivedEmail[] = [];
  const make = () =>
    new SMTPServer({
      authOptional: true,
      // Plain SMTP on 127.0.0.1: no certificate to trust.
      disabledCommands: ["STARTTLS"],
      logger: false,
      onAuth(_auth, _session, callback) {
        callback(null, { user: "test" });
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          received.push(parse(Buffer.concat(chunks).toString("utf8"), from, session.envelope.rcptTo.map((r) => r.address)));
          callback();
        });
      },
    });
  let server = make();
  const listen = (on: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(on, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port));
    });
  const actualPort = await listen(port);
  let open = true;
  return {
    port: actualPort,
    url: `smtp://127.0.0.1:${actualPort}`,
    received,
    close: () => {
      if (!open) return Promise.resolve();
      open = false;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
    reopen: async () => {
      if (open) return;
      server = make();
      await listen(actualPort);
      open = true;
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (taken, then given back). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
