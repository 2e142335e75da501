import { describe, expect, it } from "vitest";
import { isOpenAt, wallClockAt } from "@/lib/business-hours/is-open";
import { checkHoursSettings } from "@/lib/business-hours/settings";
import { canonicalTimeZone, timeZoneNames } from "@/lib/business-hours/time-zone";
import { checkHours, formatDayText, parseDayText, parseWeekText } from "@/lib/business-hours/weekly-hours";
import type { BusinessHours } from "@/lib/db/schema";

const at = (iso: string) => new Date(iso);
const weekdays9to5: BusinessHours = {
  "1": [{ start: "09:00", end: "17:00" }],
  "2": [{ start: "09:00", end: "17:00" }],
  "3": [{ start: "09:00", end: "17:00" }],
  "4": [{ start: "09:00", end: "17:00" }],
  "5": [{ start: "09:00", end: "17:00" }],
  "7": [{ start: "09:00", end: "17:00" }],
};

describe("isOpenAt across DST in Europe/London", () => {
  const zone = "Europe/London";
  it("spring forward (29 March 2026, 01:00 GMT → 02:00 BST): Sunday 09:00 is 08:00 UTC that day", () => {
    expect(isOpenAt(at("2026-03-29T07:59:00Z"), zone, weekdays9to5)).toBe(false); // 08:59 BST
    expect(isOpenAt(at("2026-03-29T08:00:00Z"), zone, weekdays9to5)).toBe(true); // 09:00 BST
    expect(isOpenAt(at("2026-03-29T15:59:00Z"), zone, weekdays9to5)).toBe(true); // 16:59 BST
    expect(isOpenAt(at("2026-03-29T16:00:00Z"), zone, weekdays9to5)).toBe(false); // 17:00 BST
    // A week earlier, in GMT, 08:00 UTC was still before opening.
    expect(isOpenAt(at("2026-03-22T08:30:00Z"), zone, weekdays9to5)).toBe(false);
    expect(isOpenAt(at("2026-03-22T09:00:00Z"), zone, weekdays9to5)).toBe(true);
  });
  it("an interval inside the skipped hour is never open on the day it is skipped", () => {
    const gap: BusinessHours = { "7": [{ start: "01:15", end: "01:45" }] };
    for (const iso of ["2026-03-29T00:59:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:20:00Z", "2026-03-29T01:50:00Z"]) {
      expect(isOpenAt(at(iso), zone, gap)).toBe(false);
    }
    expect(isOpenAt(at("2026-03-22T01:20:00Z"), zone, gap)).toBe(true); // a normal Sunday
  });
  it("fall back (25 October 2026, 02:00 BST → 01:00 GMT): both 01:30s are open, by the wall clock", () => {
    const night: BusinessHours = { "7": [{ start: "01:00", end: "02:00" }] };
    expect(wallClockAt(at("2026-10-25T00:30:00Z"), zone)).toEqual({ weekday: "7", minutes: 90 });
    expect(wallClockAt(at("2026-10-25T01:30:00Z"), zone)).toEqual({ weekday: "7", minutes: 90 });
    expect(isOpenAt(at("2026-10-24T23:59:00Z"), zone, night)).toBe(false); // 00:59 BST
    expect(isOpenAt(at("2026-10-25T00:30:00Z"), zone, night)).toBe(true); // 01:30 BST
    expect(isOpenAt(at("2026-10-25T01:30:00Z"), zone, night)).toBe(true); // 01:30 GMT
    expect(isOpenAt(at("2026-10-25T02:00:00Z"), zone, night)).toBe(false); // 02:00 GMT
    // After the change, Sunday 09:00 is 09:00 UTC again.
    expect(isOpenAt(at("2026-10-25T08:30:00Z"), zone, weekdays9to5)).toBe(false);
    expect(isOpenAt(at("2026-10-25T09:00:00Z"), zone, weekdays9to5)).toBe(true);
  });
});

describe("isOpenAt across DST in America/New_York", () => {
  const zone = "America/New_York";
  it("spring forward (8 March 2026): Sunday 09:00 EDT is 13:00 UTC, the Sunday before 09:00 EST was 14:00 UTC", () => {
    expect(isOpenAt(at("2026-03-08T12:59:00Z"), zone, weekdays9to5)).toBe(false);
    expect(isOpenAt(at("2026-03-08T13:00:00Z"), zone, weekdays9to5)).toBe(true);
    expect(isOpenAt(at("2026-03-01T13:30:00Z"), zone, weekdays9to5)).toBe(false);
    expect(isOpenAt(at("2026-03-01T14:00:00Z"), zone, weekdays9to5)).toBe(true);
  });
  it("fall back (1 November 2026): Monday 09:00 EST is 14:00 UTC, the Monday before 13:00 UTC", () => {
    expect(isOpenAt(at("2026-11-02T13:30:00Z"), zone, weekdays9to5)).toBe(false);
    expect(isOpenAt(at("2026-11-02T14:00:00Z"), zone, weekdays9to5)).toBe(true);
    expect(isOpenAt(at("2026-10-26T13:30:00Z"), zone, weekdays9to5)).toBe(true);
    expect(isOpenAt(at("2026-10-26T21:00:00Z"), zone, weekdays9to5)).toBe(false); // 17:00 EDT
  });
});

describe("zones east of UTC", () => {
  it("Asia/Tokyo: Monday 09:00 JST is Sunday/Monday midnight UTC", () => {
    const monday: BusinessHours = { "1": [{ start: "09:00", end: "17:00" }] };
    expect(isOpenAt(at("2026-11-22T23:59:00Z"), "Asia/Tokyo", monday)).toBe(false); // Mon 08:59 JST
    expect(isOpenAt(at("2026-11-23T00:00:00Z"), "Asia/Tokyo", monday)).toBe(true); // Mon 09:00 JST
    expect(isOpenAt(at("2026-11-23T08:00:00Z"), "Asia/Tokyo", monday)).toBe(false); // Mon 17:00 JST
    expect(isOpenAt(at("2026-11-23T12:00:00Z"), "UTC", monday)).toBe(true);
  });
  it("Australia/Sydney: its DST starts in October (4 October 2026, 02:00 AEST → 03:00 AEDT)", () => {
    expect(isOpenAt(at("2026-09-26T22:30:00Z"), "Australia/Sydney", weekdays9to5)).toBe(false); // Sun 08:30 AEST
    expect(isOpenAt(at("2026-10-03T22:30:00Z"), "Australia/Sydney", weekdays9to5)).toBe(true); // Sun 09:30 AEDT
  });
});

describe("intervals", () => {
  const zone = "UTC";
  it("an interval past midnight is open into the next morning, Sunday into Monday too", () => {
    const nights: BusinessHours = { "5": [{ start: "22:00", end: "06:00" }], "7": [{ start: "22:00", end: "06:00" }] };
    // 2026-11-27 is a Friday.
    expect(isOpenAt(at("2026-11-27T21:59:00Z"), zone, nights)).toBe(false);
    expect(isOpenAt(at("2026-11-27T22:00:00Z"), zone, nights)).toBe(true);
    expect(isOpenAt(at("2026-11-28T05:59:00Z"), zone, nights)).toBe(true); // Saturday morning
    expect(isOpenAt(at("2026-11-28T06:00:00Z"), zone, nights)).toBe(false);
    expect(isOpenAt(at("2026-11-28T23:00:00Z"), zone, nights)).toBe(false); // Saturday night: no hours
    expect(isOpenAt(at("2026-11-30T03:00:00Z"), zone, nights)).toBe(true); // Monday 03:00, from Sunday
  });
  it("several intervals a day, 24:00 as the end, and a day without hours", () => {
    const split: BusinessHours = { "1": [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "24:00" }] };
    expect(isOpenAt(at("2026-11-23T12:30:00Z"), zone, split)).toBe(false);
    expect(isOpenAt(at("2026-11-23T23:59:00Z"), zone, split)).toBe(true);
    expect(isOpenAt(at("2026-11-24T10:00:00Z"), zone, split)).toBe(false);
    expect(isOpenAt(at("2026-11-24T10:00:00Z"), zone, {})).toBe(false);
  });
});

describe("parsing and checking", () => {
  it("reads a day's text and writes it back", () => {
    expect(parseDayText(" 9:00-12:30, 13:30 – 17:00 ")).toEqual({
      ok: true,
      intervals: [
        { start: "09:00", end: "12:30" },
        { start: "13:30", end: "17:00" },
      ],
    });
    expect(parseDayText("")).toEqual({ ok: true, intervals: [] });
    expect(formatDayText([{ start: "22:00", end: "06:00" }])).toBe("22:00-06:00");
  });
  it("refuses what is not an interval, with the reason", () => {
    expect(parseDayText("9-17")).toEqual({ ok: false, error: expect.stringContaining("write it like 09:00-17:00") });
    expect(parseDayText("25:00-26:00")).toEqual({ ok: false, error: expect.stringContaining("is not a time") });
    expect(parseDayText("09:00-09:00")).toEqual({ ok: false, error: expect.stringContaining("empty") });
    expect(parseDayText("24:00-02:00")).toEqual({ ok: false, error: expect.stringContaining("is not a time") });
    const week = parseWeekText({ "1": "09:00-17:00", "3": "nope" });
    expect(week).toEqual({ ok: false, errors: { "3": expect.any(String) } });
  });
  it("checks the stored shape from the API strictly", () => {
    expect(checkHours({ "8": [] }).ok).toBe(false);
    expect(checkHours([]).ok).toBe(false);
    expect(checkHours({ "1": [{ start: 9, end: "17:00" }] }).ok).toBe(false);
    expect(checkHours({ "1": [{ start: "09:00", end: "17:00" }], "2": [] })).toEqual({ ok: true, hours: { "1": [{ start: "09:00", end: "17:00" }] } });
  });
  it("accepts IANA time zones only, in their canonical spelling", () => {
    expect(canonicalTimeZone("europe/london")).toBe("Europe/London");
    expect(canonicalTimeZone("America/New_York")).toBe("America/New_York");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Olympus_Mons")).toBeNull();
    expect(canonicalTimeZone("+01:00")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
    expect(timeZoneNames()).toContain("Asia/Tokyo");
    expect(timeZoneNames()).toContain("UTC");
  });
  it("settings: no time zone is always open; a bad zone or day is reported beside its field", () => {
    // The form's day lines without a zone are not kept (always open) …
    expect(checkHoursSettings({ timeZone: "", dayTexts: { "1": "09:00-17:00" }, outOfHoursReply: " We are closed " })).toEqual({
      ok: true,
      settings: { timeZone: null, businessHours: null, outOfHoursReply: "We are closed" },
    });
    expect(checkHoursSettings({ timeZone: null, businessHours: null })).toEqual({ ok: true, settings: { timeZone: null, businessHours: null, outOfHoursReply: "" } });
    // … but hours sent through the API without one are refused, not silently dropped.
    expect(checkHoursSettings({ timeZone: "", businessHours: { "1": "junk" } })).toEqual({
      ok: false,
      fieldErrors: { timeZone: expect.stringContaining("need a time zone") },
    });
    const bad = checkHoursSettings({ timeZone: "Nowhere/Land", businessHours: { "2": [{ start: "18:00", end: "18:00" }] }, outOfHoursReply: "x".repeat(1001) });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.fieldErrors).sort()).toEqual(["hours2", "outOfHoursReply", "timeZone"]);
  });
});
