// An IANA time zone name ("Europe/London"): a number link's business hours (SPEC §13), and the
// days of a report or an export (SPEC §14, lib/reports/range.ts) — one check for both. Checked
// with the runtime's own time zone data (Intl), so no list of our own goes stale.

/** Names only; offsets like "+01:00" are not time zones with DST rules. */
const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * The canonical spelling of a time zone the runtime knows ("europe/london" → "Europe/London",
 * "US/Eastern" → "America/New_York"), or null when it is not an IANA time zone.
 */
export function canonicalTimeZone(value: string): string | null {
  const name = value.trim();
  if (!IANA_SHAPE.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every IANA time zone the runtime knows, for the link form's list. */
export function timeZoneNames(): string[] {
  const names = Intl.supportedValuesOf("timeZone");
  return names.includes("UTC") ? names : ["UTC", ...names];
}
