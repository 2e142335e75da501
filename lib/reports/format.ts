// How the Reports page shows a report's numbers. Pure, so the page and its tests agree.

/** A duration in whole seconds as a person reads it: "45 s", "12 min", "3 h 5 min", "2 d 4 h"; null → "—". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const hours = Math.round(minutes / 60);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "1 Mar" for a day of the chart's axis (YYYY-MM-DD, read as the calendar day it names). */
export function shortDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Today and the 29 days before it in `tz`: the range a report opens with. */
export function lastThirtyDays(tz: string, now = new Date()): { from: string; to: string } {
  const to = now.toLocaleDateString("en-CA", { timeZone: tz });
  const from = new Date(Date.parse(`${to}T12:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}
