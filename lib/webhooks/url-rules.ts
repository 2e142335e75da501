// Which URLs a webhook may be sent to (SPEC §15): https, and never an address inside our own
// network (no way in through a webhook), except in development and tests or when
// CASELINE_ALLOW_INSECURE_WEBHOOKS=1, which allow http and any address. Pure: resolving the
// host name is the caller's (lib/webhooks/subscriptions.ts at creation, the worker's
// connection at delivery, which checks every address it is about to connect to).
import ipaddr from "ipaddr.js";

export const MAX_URL_LENGTH = 2000;

export type UrlCheck = { ok: true; url: string; hostname: string } | { ok: false; error: string };

/**
 * Only ordinary public unicast addresses: not private (10/8, 172.16/12, 192.168/16),
 * loopback, link-local, unique-local (fc00::/7), unspecified (0.0.0.0, ::), carrier-grade
 * NAT, multicast, reserved or documentation ranges — and an IPv4 address written as IPv6
 * (::ffff:127.0.0.1) is judged as the IPv4 address it is.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return false;
  const parsed = ipaddr.process(bare); // IPv4-mapped IPv6 → IPv4
  return parsed.range() === "unicast";
}

/** The literal IP address a URL's host is, if it is one (without IPv6's brackets). */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) && (bare.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : null;
}

/**
 * Checks a webhook URL as typed by an admin. `allowInsecure`: development, tests, or
 * CASELINE_ALLOW_INSECURE_WEBHOOKS=1. Host names are checked here only for what the name
 * itself says (localhost); their addresses are checked when they are resolved.
 */
export function checkWebhookUrl(input: string, { allowInsecure }: { allowInsecure: boolean }): UrlCheck {
  const raw = input.trim();
  if (!raw) return { ok: false, error: "Enter the URL to send the events to." };
  if (raw.length > MAX_URL_LENGTH) return { ok: false, error: `The URL can be at most ${MAX_URL_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: "Enter a full URL, starting with https://." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, error: "The URL must start with https://." };
  if (url.protocol === "http:" && !allowInsecure) return { ok: false, error: "The URL must start with https:// (deliveries carry people's messages)." };
  if (url.username || url.password) {
    return { ok: false, error: "Leave the user name and password out of the URL: every delivery is signed with the endpoint's secret instead." };
  }
  url.hash = "";
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowInsecure) {
    const literal = ipLiteral(hostname);
    if (literal !== null && !isPublicAddress(literal)) return { ok: false, error: privateAddressError(literal) };
    // ipaddr's loose forms (a bare number, octal parts) are refused too: browsers and Node
    // read "http://2130706433" as 127.0.0.1.
    if (literal === null && ipaddr.isValid(hostname)) return { ok: false, error: "Write the address as four decimal numbers, or use a host name." };
    if (hostname === "localhost" || hostname.endsWith(".localhost")) return { ok: false, error: privateAddressError(hostname) };
  }
  return { ok: true, url: url.href, hostname };
}

export function privateAddressError(address: string): string {
  return `${address} is a private, loopback or reserved address: webhooks go to public addresses only.`;
}

/** The rule of one process: insecure URLs are allowed in development and tests, or when switched on. */
export function insecureWebhooksAllowed(settings: { NODE_ENV?: string; CASELINE_ALLOW_INSECURE_WEBHOOKS?: boolean }): boolean {
  // NODE_ENV unset counts as production: `npm run worker` on a server must not be lenient.
  return settings.CASELINE_ALLOW_INSECURE_WEBHOOKS === true || settings.NODE_ENV === "development" || settings.NODE_ENV === "test";
}
