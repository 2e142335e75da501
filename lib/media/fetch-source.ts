// One GET of an inbound file from its source (SPEC §11), as a stream: only URLs the rules
// allow, every redirect checked again (and the Authorization header only ever sent to the
// first URL's own origin), a size over the limit refused before a byte is read, and
// timeouts for the answer, for each pause in the body, and for the whole download.
import "server-only";
import { refusalReason, TOO_LARGE_REASON } from "./download-rules";
import { MAX_MEDIA_BYTES } from "./media-kinds";
import { checkMediaUrl, sourceName, type MediaUrlRules } from "./source-url";

/** Waiting for the answer's status and headers. */
export const ANSWER_TIMEOUT_MS = 30_000;
/** The body pausing this long counts as a dead connection. */
export const IDLE_TIMEOUT_MS = 60_000;
/** The whole download; the worker's claim on a file lasts longer (download-file.ts). */
export const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;
const MAX_REDIRECTS = 5;

/** A failure of the source while its body was being read: retried, with this reason. */
export class SourceError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "SourceError";
  }
}

export type FetchedSource =
  | {
      ok: true;
      who: string;
      contentType: string | null;
      body: AsyncIterable<Uint8Array>;
      /** Closes the connection (call when done, whatever happened: harmless after the end). */
      close: () => void;
    }
  | { ok: false; final: boolean; who: string; reason: string };

export async function fetchSource(
  url: URL,
  {
    rules,
    authorization,
    maxBytes = MAX_MEDIA_BYTES,
    answerTimeoutMs = ANSWER_TIMEOUT_MS,
    idleTimeoutMs = IDLE_TIMEOUT_MS,
    totalTimeoutMs = DOWNLOAD_TIMEOUT_MS,
  }: {
    rules: MediaUrlRules;
    /** The Authorization header for the source's own origin (Vonage's JWT), or null. */
    authorization: string | null;
    maxBytes?: number;
    answerTimeoutMs?: number;
    idleTimeoutMs?: number;
    totalTimeoutMs?: number;
  },
): Promise<FetchedSource> {
  const who = sourceName(url);
  const controller = new AbortController();
  let timedOut: string | null = null;
  const abortAfter = (ms: number, what: string) =>
    setTimeout(() => {
      timedOut = what;
      controller.abort();
    }, ms).unref();
  const total = abortAfter(totalTimeoutMs, `the download took longer than ${Math.round(totalTimeoutMs / 60_000)} minutes`);
  const done = () => clearTimeout(total);
  const failure = (error: unknown, final = false): FetchedSource => {
    done();
    return { ok: false, final, who, reason: timedOut ? `${who}: ${timedOut}` : networkReason(who, error) };
  };

  let current = url;
  let response: Response;
  for (let hop = 0; ; hop++) {
    // The file as it is (no transfer compression), so its length can be checked against Content-Length.
    const headers: Record<string, string> = { accept: "*/*", "accept-encoding": "identity", "user-agent": "Caseline-Media/1" };
    // Never to another host, even an allowed one: the JWT is the application's credential.
    if (authorization && current.origin === url.origin) headers.authorization = authorization;
    const answer = abortAfter(answerTimeoutMs, `no answer within ${Math.round(answerTimeoutMs / 1000)} s`);
    try {
      response = await fetch(current, { method: "GET", headers, redirect: "manual", signal: controller.signal });
    } catch (error) {
      return failure(error);
    } finally {
      clearTimeout(answer);
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null) break;
    await response.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) {
      done();
      return { ok: false, final: false, who, reason: `${who} redirected more than ${MAX_REDIRECTS} times` };
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      done();
      return { ok: false, final: true, who, reason: `${who} redirected to something that is not a web address` };
    }
    const check = checkMediaUrl(next.href, rules);
    if (!check.ok) {
      done();
      return { ok: false, final: true, who, reason: `${who} redirected to ${next.host}, which Caseline does not fetch from (${check.reason.replace(/^Not copied: /, "")})` };
    }
    current = check.url;
  }

  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel().catch(() => {});
    done();
    return { ok: false, final: false, who, reason: refusalReason(who, response.status) };
  }
  const length = response.headers.get("content-length");
  if (length !== null && /^\d+$/.test(length.trim()) && Number(length) > maxBytes) {
    // Refused before reading: the connection is closed with the body unread.
    await response.body?.cancel().catch(() => {});
    controller.abort();
    done();
    return { ok: false, final: true, who, reason: TOO_LARGE_REASON };
  }
  // Locked now, not when the storage starts reading: undici cancels the unread body of a
  // Response that is garbage-collected meanwhile (only an unlocked one), and a cancelled body
  // reads as a complete, empty file.
  const reader = response.body?.getReader() ?? null;
  const encoding = response.headers.get("content-encoding");
  // Decoded on the way (a server that compressed anyway), the body's length is not the header's.
  const declared = length !== null && /^\d+$/.test(length.trim()) && (!encoding || encoding === "identity") ? Number(length) : null;
  async function* body(): AsyncIterable<Uint8Array> {
    if (!reader) {
      if (declared) throw new SourceError(`${who} sent no body for the ${declared} bytes it announced`);
      return;
    }
    let received = 0;
    let idle = abortAfter(idleTimeoutMs, `the transfer stalled for ${Math.round(idleTimeoutMs / 1000)} s`);
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw new SourceError(timedOut ? `${who}: ${timedOut}` : networkReason(who, error));
        }
        if (chunk.done) {
          // A body that ends short of (or past) its Content-Length is not the file: tried again.
          if (declared !== null && received !== declared) throw new SourceError(`${who} sent ${received} of the ${declared} bytes it announced`);
          return;
        }
        received += chunk.value.byteLength;
        clearTimeout(idle);
        idle = abortAfter(idleTimeoutMs, `the transfer stalled for ${Math.round(idleTimeoutMs / 1000)} s`);
        yield chunk.value;
      }
    } finally {
      clearTimeout(idle);
      done();
      // A consumer that stopped early (too large) closes the connection here.
      await reader.cancel().catch(() => {});
    }
  }
  const close = () => {
    done();
    controller.abort();
    void reader?.cancel().catch(() => {});
  };
  return { ok: true, who, contentType: response.headers.get("content-type"), body: body(), close };
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "refused the connection",
  ECONNRESET: "reset the connection",
  ENOTFOUND: "could not be found (DNS)",
  EAI_AGAIN: "could not be looked up (DNS, try again)",
  EHOSTUNREACH: "is unreachable",
  ENETUNREACH: "is unreachable (network)",
  ETIMEDOUT: "did not answer in time (connection)",
  UND_ERR_CONNECT_TIMEOUT: "did not accept the connection in time",
  UND_ERR_SOCKET: "closed the connection",
  UND_ERR_BODY_TIMEOUT: "stalled while sending the file",
  UND_ERR_HEADERS_TIMEOUT: "did not answer in time",
  CERT_HAS_EXPIRED: "has an expired certificate",
  DEPTH_ZERO_SELF_SIGNED_CERT: "has a self-signed certificate",
  ERR_TLS_CERT_ALTNAME_INVALID: "has a certificate for another name",
};

/** A failed connection in words: "127.0.0.1:4000 refused the connection". */
export function networkReason(who: string, error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const code = typeof cause?.code === "string" ? cause.code : typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : null;
  if (code && NETWORK_ERRORS[code]) return `${who} ${NETWORK_ERRORS[code]}`;
  const message = typeof cause?.message === "string" ? cause.message : error instanceof Error ? error.message : String(error);
  return `${who} could not be reached: ${message}`.slice(0, 300);
}
