// One POST of a delivery to its endpoint (SPEC §15): 10 s for the whole exchange, redirects
// not followed, and — unless insecure webhooks are allowed — only to public addresses:
// every address the host name resolves to is checked by the connection's own lookup, so
// the address checked is the address connected to (a name that changed to a private
// address since the endpoint was created, DNS rebinding, is refused).
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { checkWebhookUrl, isPublicAddress, privateAddressError } from "./url-rules";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of a refusal's body is kept for the admin page (enough for an error message). */
const KEPT_BODY_BYTES = 500;

export type PostResult =
  | { ok: true; statusCode: number }
  | { ok: false; statusCode: number | null; error: string };

class PrivateAddressError extends Error {
  readonly code = "CASELINE_PRIVATE_ADDRESS";
}

/** dns.lookup, refusing names with any non-public address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 0);
    const list = addresses as dns.LookupAddress[];
    const refused = list.find((entry) => !isPublicAddress(entry.address));
    if (refused || list.length === 0) {
      return callback(new PrivateAddressError(privateAddressError(`${hostname} (${refused?.address ?? "no address"})`)), "", 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

// Kept-alive connections per process: one endpoint receiving many events reuses them. As
// many per host as the worker has attempts under way (a request waiting for a socket would
// use up its 10 s unsent).
const agents = new Map<string, http.Agent>();
function agentFor(protocol: "http:" | "https:", allowInsecure: boolean): http.Agent {
  const key = `${protocol}${allowInsecure}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 256, ...(allowInsecure ? {} : { lookup: publicOnlyLookup }) };
    agent = protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

export async function postWebhook({
  url,
  body,
  headers,
  allowInsecure,
  timeoutMs = DELIVERY_TIMEOUT_MS,
}: {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowInsecure: boolean;
  timeoutMs?: number;
}): Promise<PostResult> {
  // Checked again at every attempt: the rules may be stricter here than where it was created.
  const checked = checkWebhookUrl(url, { allowInsecure });
  if (!checked.ok) return { ok: false, statusCode: null, error: checked.error };
  const target = new URL(checked.url);
  const protocol = target.protocol === "https:" ? "https:" : "http:";
  const client = protocol === "https:" ? https : http;
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise<PostResult>((resolve) => {
    const request = client.request(
      target,
      {
        method: "POST",
        agent: agentFor(protocol, allowInsecure),
        signal,
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on("data", (chunk: Buffer) => {
          if (kept < KEPT_BODY_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on("end", () => {
          if (statusCode >= 200 && statusCode < 300) return resolve({ ok: true, statusCode });
          resolve({ ok: false, statusCode, error: refusal(statusCode, Buffer.concat(chunks).subarray(0, KEPT_BODY_BYTES).toString("utf8")) });
        });
        response.on("error", (error) => resolve(failure(error, signal, timeoutMs, statusCode)));
      },
    );
    request.on("error", (error) => resolve(failure(error, signal, timeoutMs, null)));
    request.end(body);
  });
}

function refusal(statusCode: number, body: string): string {
  const text = body.replace(/\s+/g, " ").trim();
  const redirect = statusCode >= 300 && statusCode < 400 ? " (redirects are not followed)" : "";
  return `HTTP ${statusCode}${redirect}${text ? `: ${text.slice(0, 200)}` : ""}`;
}

function failure(error: Error & { code?: string }, signal: AbortSignal, timeoutMs: number, statusCode: number | null): PostResult {
  if (signal.aborted) return { ok: false, statusCode, error: `No answer within ${timeoutMs / 1000} s` };
  if (error instanceof PrivateAddressError) return { ok: false, statusCode: null, error: error.message };
  const known: Record<string, string> = {
    ECONNREFUSED: "Connection refused",
    ECONNRESET: "Connection reset",
    ENOTFOUND: "Host not found",
    EAI_AGAIN: "Host name lookup failed (try again)",
    EHOSTUNREACH: "Host unreachable",
    ENETUNREACH: "Network unreachable",
    ETIMEDOUT: "Connection timed out",
  };
  const described = error.code ? known[error.code] : undefined;
  return { ok: false, statusCode, error: described ?? (error.message || String(error)) };
}
