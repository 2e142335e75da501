// SPEC §13: whether a number link is open at an instant. Judged on the wall clock of the
// link's time zone, which Intl gives unambiguously for every instant — so DST needs no rule
// of our own: in a spring-forward gap no instant has those wall times (an interval inside it
// is never open), and in a fall-back overlap both instants that show a wall time are judged
// by it (an interval covering 01:30 is open at both).
import type { BusinessHours } from "@/lib/db/schema";
import { minutesOf, WEEKDAYS, type Weekday } from "./weekly-hours";

export type WallClock = { weekday: Weekday; minutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_OF: Record<string, Weekday> = { Mon: "1", Tue: "2", Wed: "3", Thu: "4", Fri: "5", Sat: "6", Sun: "7" };

/** The ISO weekday and minute of the day that a clock in `timeZone` shows at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAY_OF[parts.weekday!]!, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(Number(day) + 5) % 7]!;
}

/**
 * Open at `instant`? An interval is [start, end): open from its start, closed at its end. An
 * interval whose end is before its start runs past midnight into the next day ("22:00-06:00"
 * on Friday is open Friday night until Saturday 06:00). Hours with no day at all: never open.
 */
export function isOpenAt(instant: Date, timeZone: string, hours: BusinessHours): boolean {
  const { weekday, minutes } = wallClockAt(instant, timeZone);
  for (const { start, end } of hours[weekday] ?? []) {
    const from = minutesOf(start)!;
    const to = minutesOf(end, true)!;
    if (from < to ? minutes >= from && minutes < to : minutes >= from) return true;
  }
  for (const { start, end } of hours[previousDay(weekday)] ?? []) {
    const from = minutesOf(start)!;
    const to = minutesOf(end, true)!;
    if (from > to && minutes < to) return true;
  }
  return false;
}
