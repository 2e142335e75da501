// One line that says a link's weekly hours, for the list of numbers ("Mon–Fri 09:00-17:00 · Sat closed" style).
import type { BusinessHours } from "@/lib/db/schema";
import { formatDayText, WEEKDAY_NAMES, WEEKDAYS } from "./weekly-hours";

/** Days with the same hours are joined into runs: "Monday–Friday 09:00-17:00; Saturday 10:00-12:00". */
export function hoursSummary(hours: BusinessHours | null): string {
  const runs: Array<{ from: string; to: string; text: string }> = [];
  for (const day of WEEKDAYS) {
    const text = formatDayText(hours?.[day]);
    const last = runs.at(-1);
    if (last && last.text === text) last.to = day;
    else runs.push({ from: day, to: day, text });
  }
  const open = runs.filter((run) => run.text);
  if (!open.length) return "closed every day";
  return open
    .map((run) => `${WEEKDAY_NAMES[run.from as keyof typeof WEEKDAY_NAMES]}${run.to !== run.from ? `–${WEEKDAY_NAMES[run.to as keyof typeof WEEKDAY_NAMES]}` : ""} ${run.text}`)
    .join("; ");
}
