import { stringify } from "csv-stringify/sync";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_SAFETY, SPREADSHEET_CSV } from "@/lib/exports/csv-format";
import { hoursSummary } from "@/lib/business-hours/summary";

describe("the CSV rules every export shares", () => {
  it("quotes commas, quotes, CRLF, LF and a lone CR, and defuses formulas", () => {
    const cells = ["a,b", 'say "hi"', "x\r\ny", "x\ny", "lone\rcr", "=1+1", "+44", "-1", "@A1", "\tx", "\rx", "plain"];
    const csv = stringify([cells], CSV_SAFETY);
    expect(csv).toContain('"lone\rcr"');
    expect(csv).toContain('"\'\rx"');
    expect(parse(csv)[0]).toEqual(["a,b", 'say "hi"', "x\r\ny", "x\ny", "lone\rcr", "'=1+1", "'+44", "'-1", "'@A1", "'\tx", "'\rx", "plain"]);
  });
  it("spreadsheet files start with a BOM and end lines with CRLF", () => {
    const csv = stringify([["a", "b"], ["c", "d"]], SPREADSHEET_CSV);
    expect(csv).toBe("\uFEFFa,b\r\nc,d\r\n");
  });
});

describe("hoursSummary", () => {
  it("joins days with the same hours", () => {
    const day = [{ start: "09:00", end: "17:00" }];
    expect(hoursSummary({ "1": day, "2": day, "3": day, "5": [{ start: "09:00", end: "16:00" }] })).toBe(
      "Monday–Wednesday 09:00-17:00; Friday 09:00-16:00",
    );
    expect(hoursSummary({})).toBe("closed every day");
  });
});
