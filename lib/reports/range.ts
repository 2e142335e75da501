// The date range of a report or an export (SPEC §14): calendar days `from`..`to`, both
// included, as the viewer's time zone counts them. One parser for the report page, the report
// API and the CSV exports, so "30 days in Europe/Berlin" means the same instants everywhere.
// Pure: no I/O; the SQL gets `start`/`end` (instants) and `tz` (to bucket per local day).
import { z } from "zod";
import { AppError } from "@/lib/http/app-error";
import { badRequestFrom } from "@/lib/api/zod-errors";
import { canonicalTimeZone } from "@/lib/business-hours/time-zone";

/** The longest range a report covers (a year, leap years included). */
export const MAX_REPORT_DAYS = 366;
/** The longest range a CSV export covers (two years). */
export const MAX_EXPORT_DAYS = 731;

const DAY_MS = 86_400_000;

export type DateRange = {
  /** The first day, YYYY-MM-DD, in `tz`. */
  from: string;
  /** The last day (included), YYYY-MM-DD, in `tz`. */
  to: string;
  /** The IANA time zone, canonical spelling ("US/Eastern" becomes "America/New_York"). */
  tz: string;
  /** The first instant of `from` in `tz`. */
  start: Date;
  /** The first instant of the day after `to` in `tz` (exclusive end). */
  end: Date;
  /** Every day of the range, in order. */
  days: string[];
};

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Expected a day as YYYY-MM-DD.")
  .refine(isRealDay, "No such day.");

/** The fields of a range: `from`, `to`, `tz` (a report's or an export's query adds `surveyId`). */
export const rangeFields = {
  from: calendarDay.meta({ description: "The first day (YYYY-MM-DD), in `tz`.", example: "2026-03-01" }),
  to: calendarDay.meta({ description: "The last day (YYYY-MM-DD, included), in `tz`.", example: "2026-03-30" }),
  tz: z
    .string()
    .min(1, "Expected an IANA time zone such as Europe/Berlin, not an empty value.")
    .max(64)
    .refine((tz) => canonicalTimeZone(tz) !== null, "Unknown time zone; expected an IANA name such as Europe/Berlin or UTC.")
    .default("UTC")
    .meta({ description: "The IANA time zone the days are counted in (default UTC).", example: "Europe/Berlin" }),
};

/** The check across fields: `to` not before `from`, at most `maxDays` days (use with superRefine). */
export function checkRange(maxDays: number) {
  return (value: { from: string; to: string }, context: z.RefinementCtx) => {
    if (!isRealDay(value.from) || !isRealDay(value.to)) return; // already reported on the field
    const count = dayNumber(value.to) - dayNumber(value.from) + 1;
    if (count < 1) context.addIssue({ code: "custom", path: ["to"], message: "Must not be before `from`." });
    else if (count > maxDays) context.addIssue({ code: "custom", path: ["to"], message: `The range may cover at most ${maxDays} days.` });
  };
}

/**
 * The query of a report or an export: `surveyId` (optional), `from`, `to`, `tz`. A zod object
 * (so an API endpoint documents it in OpenAPI); turn its output into instants with `resolveRange`.
 */
export function rangeQuery({ maxDays }: { maxDays: number }) {
  return z
    .object({
      surveyId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().meta({ description: "The survey." }),
      ...rangeFields,
    })
    .superRefine(checkRange(maxDays));
}

export type RangeQuery = z.output<ReturnType<typeof rangeQuery>>;

/** A validated query's days as instants. */
export function resolveRange(query: { from: string; to: string; tz: string }): DateRange {
  const tz = canonicalTimeZone(query.tz);
  if (!tz) throw new AppError("bad_request", `Invalid query: tz: Unknown time zone "${query.tz}".`);
  const first = dayNumber(query.from);
  const last = dayNumber(query.to);
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(dayString(day));
  return { from: query.from, to: query.to, tz, start: startOfDay(first, tz), end: startOfDay(last + 1, tz), days };
}

/** Parses raw input (search params as an object) in one step; bad input is a 400 naming the field. */
export function parseRange(input: unknown, { maxDays }: { maxDays: number }): DateRange & { surveyId?: number } {
  const parsed = rangeQuery({ maxDays }).safeParse(input);
  if (!parsed.success) throw badRequestFrom(parsed.error, "query");
  return { ...resolveRange(parsed.data), surveyId: parsed.data.surveyId };
}


// Days as integers (days since 1970-01-01) make ranges and "the day after" plain arithmetic.
function dayNumber(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Math.floor(Date.UTC(y!, m! - 1, d!) / DAY_MS);
}

function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function isRealDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return y! >= 1970 && y! <= 9999 && date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/**
 * The first instant whose local day in `tz` is `day`. Midnight usually exists once; on a DST
 * change at midnight it may not exist (the day starts at 01:00) or exist twice (the earlier
 * counts). The two offsets around the day give the candidates; the earliest that is really
 * local midnight wins, else (a gap) the day starts where the later offset begins.
 */
function startOfDay(day: number, tz: string): Date {
  const wallMidnight = day * DAY_MS; // local midnight read as if it were UTC
  const before = offsetAt(wallMidnight - DAY_MS, tz);
  const after = offsetAt(wallMidnight + DAY_MS, tz);
  const candidates = [...new Set([wallMidnight - before, wallMidnight - after])].sort((a, b) => a - b);
  const exact = candidates.find((instant) => instant + offsetAt(instant, tz) === wallMidnight);
  return new Date(exact ?? wallMidnight - before);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (local wall time − UTC). */
function offsetAt(instant: number, tz: string): number {
  let format = formatters.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== "literal") parts[part.type] = Number(part.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}
