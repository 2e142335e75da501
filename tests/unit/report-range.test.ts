import { describe, expect, it } from "vitest";
import { canonicalTimeZone } from "@/lib/business-hours/time-zone";
import { MAX_EXPORT_DAYS, MAX_REPORT_DAYS, parseRange, rangeQuery } from "@/lib/reports/range";
import { AppError } from "@/lib/http/app-error";

const report = { maxDays: MAX_REPORT_DAYS };

function badRequest(input: unknown, options = report): string {
  try {
    parseRange(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).message;
  }
  throw new Error("expected a 400");
}

describe("a report's date range", () => {
  it("covers whole UTC days by default, the end being the start of the day after", () => {
    const range = parseRange({ from: "2026-03-01", to: "2026-03-03" }, report);
    expect(range.tz).toBe("UTC");
    expect(range.start.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(range.end.toISOString()).toBe("2026-03-04T00:00:00.000Z");
    expect(range.days).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
  });

  it("counts days in the viewer's zone", () => {
    const range = parseRange({ from: "2026-01-10", to: "2026-01-10", tz: "America/New_York", surveyId: "7" }, report);
    expect(range.surveyId).toBe(7);
    expect(range.start.toISOString()).toBe("2026-01-10T05:00:00.000Z");
    expect(range.end.toISOString()).toBe("2026-01-11T05:00:00.000Z");
  });

  it("has a 23-hour day when clocks go forward and a 25-hour day when they go back", () => {
    const spring = parseRange({ from: "2026-03-29", to: "2026-03-29", tz: "Europe/Berlin" }, report);
    expect(spring.start.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(spring.end.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000);

    const autumn = parseRange({ from: "2026-10-25", to: "2026-10-25", tz: "Europe/Berlin" }, report);
    expect(autumn.start.toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(autumn.end.toISOString()).toBe("2026-10-25T23:00:00.000Z");

    const us = parseRange({ from: "2026-03-07", to: "2026-03-09", tz: "America/Los_Angeles" }, report);
    expect(us.start.toISOString()).toBe("2026-03-07T08:00:00.000Z");
    expect(us.end.toISOString()).toBe("2026-03-10T07:00:00.000Z");
  });

  it("starts a day at 01:00 where midnight does not exist, and at the first midnight where it repeats", () => {
    // Chile goes forward at midnight: 2026-09-06 00:00 does not exist, the day starts at 01:00 (-03).
    const gap = parseRange({ from: "2026-09-06", to: "2026-09-06", tz: "America/Santiago" }, report);
    expect(gap.start.toISOString()).toBe("2026-09-06T04:00:00.000Z");
    // Chile goes back at midnight: 2026-04-04 24:00 (-03) becomes 23:00 (-04); 04-05 starts at 00:00 -04.
    const overlap = parseRange({ from: "2026-04-05", to: "2026-04-05", tz: "America/Santiago" }, report);
    expect(overlap.start.toISOString()).toBe("2026-04-05T04:00:00.000Z");
    const dayBefore = parseRange({ from: "2026-04-04", to: "2026-04-04", tz: "America/Santiago" }, report);
    expect(dayBefore.end.toISOString()).toBe("2026-04-05T04:00:00.000Z");
    expect(dayBefore.end.getTime() - dayBefore.start.getTime()).toBe(25 * 3_600_000);
  });

  it("lists every day across months and leap days", () => {
    const range = parseRange({ from: "2028-02-27", to: "2028-03-01" }, report);
    expect(range.days).toEqual(["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
  });

  it("uses the zone's canonical name", () => {
    expect(parseRange({ from: "2026-01-01", to: "2026-01-01", tz: "US/Eastern" }, report).tz).toBe("America/New_York");
    expect(canonicalTimeZone("+05:00")).toBeNull();
    expect(canonicalTimeZone("Mars/Olympus")).toBeNull();
  });

  it("refuses bad input with a message naming the field", () => {
    expect(badRequest({ from: "2026-03-01", to: "2026-03-02", tz: "Mars/Olympus" })).toMatch(/tz: Unknown time zone/);
    expect(badRequest({ from: "2026-03-01", to: "2026-03-02", tz: "" })).toMatch(/tz: .*empty/);
    expect(badRequest({ from: "2026-03-05", to: "2026-03-01" })).toMatch(/to: Must not be before `from`/);
    expect(badRequest({ from: "2026-02-30", to: "2026-03-01" })).toMatch(/from: No such day/);
    expect(badRequest({ from: "1/3/2026", to: "2026-03-01" })).toMatch(/from: Expected a day as YYYY-MM-DD/);
    expect(badRequest({ to: "2026-03-01" })).toMatch(/from:/);
    expect(badRequest({ from: "2026-03-01", to: "2026-03-01", surveyId: "abc" })).toMatch(/surveyId:/);
  });

  it("caps the number of days, reports at a year and exports at two", () => {
    expect(parseRange({ from: "2024-01-01", to: "2024-12-31" }, report).days).toHaveLength(366);
    expect(badRequest({ from: "2025-01-01", to: "2026-01-02" })).toMatch(/at most 366 days/);
    expect(parseRange({ from: "2024-01-01", to: "2025-12-31" }, { maxDays: MAX_EXPORT_DAYS }).days).toHaveLength(731);
    expect(badRequest({ from: "2024-01-01", to: "2026-01-01" }, { maxDays: MAX_EXPORT_DAYS })).toMatch(/at most 731 days/);
  });

  it("is a zod object the API documents", () => {
    expect(Object.keys(rangeQuery(report).shape)).toEqual(["surveyId", "from", "to", "tz"]);
  });
});
