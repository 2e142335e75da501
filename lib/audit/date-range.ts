// Admin > Audit's "from" and "to" days, chosen in the browser's own time zone, as the instants
// the API filters on: from the start of the first day up to (not including) the start of the
// day after the last. Pure; runs in the browser.

/** "2025-03-01" → that day's local midnight as an ISO instant; null for anything else. */
export function localDayStart(day: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The API's from/to for a range of local days (either end may be open). */
export function dayRange(fromDay: string, toDay: string): { from?: string; to?: string } {
  const from = localDayStart(fromDay);
  const to = localDayStart(toDay, 1);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
