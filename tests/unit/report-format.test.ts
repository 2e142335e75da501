import { describe, expect, it } from "vitest";
import { formatDuration, lastThirtyDays, shortDay } from "@/lib/reports/format";

describe("a report's numbers on the page", () => {
  it("reads durations in the largest units that fit", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(59)).toBe("59 s");
    expect(formatDuration(60)).toBe("1 min");
    expect(formatDuration(12 * 60 + 29)).toBe("12 min");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe("3 h 5 min");
    expect(formatDuration(2 * 86400 + 4 * 3600 + 10)).toBe("2 d 4 h");
    expect(formatDuration(86400)).toBe("1 d");
  });

  it("opens on the last 30 days of the viewer's zone", () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin.
    expect(lastThirtyDays("Europe/Berlin", new Date("2026-03-31T23:30:00Z"))).toEqual({ from: "2026-03-03", to: "2026-04-01" });
    expect(lastThirtyDays("UTC", new Date("2026-03-31T23:30:00Z"))).toEqual({ from: "2026-03-02", to: "2026-03-31" });
  });

  it("names chart days briefly", () => {
    expect(shortDay("2026-03-01")).toBe("1 Mar");
  });
});
