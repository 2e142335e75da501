import { describe, expect, it } from "vitest";
import {
  autoCloseCutoff,
  checkServiceLevels,
  describeDue,
  dueOnNewCase,
  formatSpan,
  isOverdue,
  parseSettingText,
  SERVICE_LEVELS_OFF,
} from "@/lib/service-levels/rules";

const at = new Date("2026-03-01T10:00:00Z");
const minutes = (n: number) => new Date(at.getTime() + n * 60_000);

describe("due times", () => {
  it("a new case is due X minutes after it was created, or never when X is off", () => {
    expect(dueOnNewCase({ firstResponseMinutes: 30 }, at)).toEqual({ at: minutes(30), kind: "first_response" });
    expect(dueOnNewCase({ firstResponseMinutes: null }, at)).toBeNull();
  });

  it("is overdue from the due time on", () => {
    expect(isOverdue(minutes(1), at)).toBe(false);
    expect(isOverdue(at, at)).toBe(true);
    expect(isOverdue(minutes(-1), at)).toBe(true);
    expect(isOverdue(null, at)).toBe(false);
  });
});

describe("settings", () => {
  it("accepts whole numbers in range and off", () => {
    expect(checkServiceLevels(SERVICE_LEVELS_OFF)).toEqual({});
    expect(checkServiceLevels({ firstResponseMinutes: 1, nextResponseMinutes: 43_200, autoCloseDays: 365 })).toEqual({});
  });

  it("names each field out of range", () => {
    const errors = checkServiceLevels({ firstResponseMinutes: 0, nextResponseMinutes: 43_201, autoCloseDays: 1.5 });
    expect(Object.keys(errors).sort()).toEqual(["autoCloseDays", "firstResponseMinutes", "nextResponseMinutes"]);
    expect(errors.firstResponseMinutes).toMatch(/^First response: a whole number of minutes from 1 to 43200/);
  });

  it("reads a form field: empty is off, digits a number, anything else invalid", () => {
    expect(parseSettingText("  ")).toBeNull();
    expect(parseSettingText(" 45 ")).toBe(45);
    expect(parseSettingText("4.5")).toBe("invalid");
    expect(parseSettingText("-3")).toBe("invalid");
    expect(parseSettingText("ten")).toBe("invalid");
  });
});

describe("closing by time and wording", () => {
  it("the cutoff is N whole days before now", () => {
    expect(autoCloseCutoff(7, at)).toEqual(new Date("2026-02-22T10:00:00Z"));
  });

  it("words the time left or past", () => {
    expect(describeDue(minutes(25), at)).toEqual({ overdue: false, text: "Reply due in 25 min" });
    expect(describeDue(minutes(-125), at)).toEqual({ overdue: true, text: "Overdue by 2 h 5 min" });
    expect(formatSpan(30_000)).toBe("less than a minute");
    expect(formatSpan(3 * 24 * 3_600_000 + 4 * 3_600_000 + 60_000)).toBe("3 d 4 h");
    expect(formatSpan(2 * 3_600_000)).toBe("2 h");
  });
});
