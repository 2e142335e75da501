// Which media URLs Caseline fetches (SPEC §11): https on Vonage's hosts (*.nexmo.com,
// *.vonage.com), any URL on a host listed in VONAGE_MEDIA_HOSTS, and — with the Phone
// simulator as provider — the app's own address. Anything else is never fetched: the file
// is kept as a link with the reason. Pure: the routing (at once, in the webhook's
// transaction) and the download worker (again, before every request and every redirect) ask.

/** One entry of VONAGE_MEDIA_HOSTS: a host name or address, with a port or for every port. */
export type MediaHost = { hostname: string; port: number | null };

const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/i;

/**
 * VONAGE_MEDIA_HOSTS: comma-separated host names (`media.example.org`, `127.0.0.1`,
 * `[::1]`), each optionally with `:port` (only that port then; without one, any port).
 * Throws naming the first entry that is not one.
 */
export function parseMediaHosts(value: string | undefined): MediaHost[] {
  if (!value) return [];
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = HOST_ENTRY.exec(entry);
      const port = match?.[2] === undefined ? null : Number(match[2]);
      if (!match || (port !== null && (port < 1 || port > 65_535))) {
        throw new Error(`"${entry}" is not a host name (or host:port); list host names separated by commas`);
      }
      return { hostname: match[1]!.toLowerCase(), port };
    });
}

export type MediaUrlRules = {
  /** VONAGE_MEDIA_HOSTS, parsed. */
  extraHosts: readonly MediaHost[];
  /** The app's own origin (http://127.0.0.1:3000) when its own files count (the simulator), else null. */
  ownOrigin: string | null;
};

export type MediaUrlCheck = { ok: true; url: URL; vonage: boolean } | { ok: false; reason: string };

const VONAGE_DOMAINS = ["nexmo.com", "vonage.com"];

export function isVonageHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return VONAGE_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`));
}

function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

export function checkMediaUrl(raw: string, rules: MediaUrlRules): MediaUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "Not copied: the link is not a web address." };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: `Not copied: the link is not a web address (${url.protocol.replace(/:$/, "")}:).` };
  }
  if (url.username || url.password) return { ok: false, reason: "Not copied: the link carries a user name or password." };
  const vonage = isVonageHost(url.hostname);
  if (vonage && url.protocol === "https:") return { ok: true, url, vonage };
  const hostname = url.hostname.toLowerCase();
  if (rules.extraHosts.some((h) => h.hostname === hostname && (h.port === null || h.port === effectivePort(url)))) {
    return { ok: true, url, vonage };
  }
  if (rules.ownOrigin !== null && url.origin === new URL(rules.ownOrigin).origin) return { ok: true, url, vonage };
  if (vonage) return { ok: false, reason: `Not copied: Vonage's media links are https, and this one is not (${url.host}).` };
  return {
    ok: false,
    reason: `Not copied: ${url.host} is not one of Vonage's media hosts (*.nexmo.com, *.vonage.com) nor listed in VONAGE_MEDIA_HOSTS.`,
  };
}

/**
 * Whether the application's JWT (a credential for every Vonage API of the application, for 15
 * minutes) may go with a request to this URL: never in clear text over a network — https, or
 * http to this machine's own loopback (a local media source the operator listed).
 */
export function mayCarryApplicationJwt(url: URL): boolean {
  if (url.protocol === "https:") return true;
  const host = url.hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Who answered, in words: "Vonage" for its hosts, the host otherwise. */
export function sourceName(url: URL): string {
  return isVonageHost(url.hostname) ? "Vonage" : url.host;
}
