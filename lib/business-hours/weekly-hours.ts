// SPEC §13: weekly business hours as typed by an admin, one line per weekday
// ("09:00-12:30, 13:30-17:00"), to and from the stored shape (BusinessHours in the schema).
// Pure: the form, the API and the tests share it.
import type { BusinessHours } from "@/lib/db/schema";

export const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  "1": "Monday",
  "2": "Tuesday",
  "3": "Wednesday",
  "4": "Thursday",
  "5": "Friday",
  "6": "Saturday",
  "7": "Sunday",
};

export type Interval = { start: string; end: string };

/** More would be a mistake, not a timetable. */
export const MAX_INTERVALS_PER_DAY = 8;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of "HH:MM" ("24:00" only where `allowMidnightEnd`), or null. */
export function minutesOf(time: string, allowMidnightEnd = false): number | null {
  if (allowMidnightEnd && time === "24:00") return 24 * 60;
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** Why one interval is not valid, or null. An end before the start runs past midnight. */
export function intervalProblem({ start, end }: Interval): string | null {
  const from = minutesOf(start);
  const to = minutesOf(end, true);
  if (from === null) return `“${start}” is not a time: use HH:MM, 00:00 to 23:59.`;
  if (to === null) return `“${end}” is not a time: use HH:MM, 00:00 to 24:00.`;
  if (from === to) return `${start}-${end} is empty: the start and the end are the same.`;
  return null;
}

export type DayParse = { ok: true; intervals: Interval[] } | { ok: false; error: string };

/** One weekday's text: intervals "HH:MM-HH:MM" separated by commas; empty = closed all day. */
export function parseDayText(text: string): DayParse {
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length > MAX_INTERVALS_PER_DAY) return { ok: false, error: `At most ${MAX_INTERVALS_PER_DAY} intervals a day.` };
  const intervals: Interval[] = [];
  for (const part of parts) {
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) return { ok: false, error: `“${part}” is not an interval: write it like 09:00-17:00.` };
    const interval = { start: match[1]!.padStart(5, "0"), end: match[2]!.padStart(5, "0") };
    const problem = intervalProblem(interval);
    if (problem) return { ok: false, error: problem };
    intervals.push(interval);
  }
  return { ok: true, intervals };
}

/** The text the form shows for one weekday. */
export function formatDayText(intervals: Interval[] | undefined): string {
  return (intervals ?? []).map((i) => `${i.start}-${i.end}`).join(", ");
}

export type HoursParse = { ok: true; hours: BusinessHours } | { ok: false; errors: Partial<Record<Weekday, string>> };

/** The form's seven lines → stored hours, or an error beside each wrong day. */
export function parseWeekText(days: Partial<Record<Weekday, string>>): HoursParse {
  const hours: BusinessHours = {};
  const errors: Partial<Record<Weekday, string>> = {};
  for (const day of WEEKDAYS) {
    const parsed = parseDayText(days[day] ?? "");
    if (!parsed.ok) errors[day] = parsed.error;
    else if (parsed.intervals.length) hours[day] = parsed.intervals;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, hours };
}

/** Stored-shape hours from anywhere (the API's JSON): checked as strictly as the form's text. */
export function checkHours(value: unknown): HoursParse {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, errors: { "1": "Business hours must be an object keyed by ISO weekday, \"1\" (Monday) to \"7\" (Sunday)." } };
  }
  const errors: Partial<Record<Weekday, string>> = {};
  const hours: BusinessHours = {};
  for (const [key, list] of Object.entries(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      errors["1"] = `“${key}” is not a weekday: use "1" (Monday) to "7" (Sunday).`;
      continue;
    }
    const day = key as Weekday;
    if (!Array.isArray(list) || list.some((i) => typeof i?.start !== "string" || typeof i?.end !== "string")) {
      errors[day] = "Each day is a list of { start, end } times, HH:MM.";
      continue;
    }
    const intervals = (list as Interval[]).map(({ start, end }) => ({ start, end }));
    const problem = intervals.length > MAX_INTERVALS_PER_DAY ? `At most ${MAX_INTERVALS_PER_DAY} intervals a day.` : intervals.map(intervalProblem).find(Boolean);
    if (problem) errors[day] = problem;
    else if (intervals.length) hours[day] = intervals;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, hours };
}
