import { describe, expect, it } from "vitest";
import { caseIdFrom, parseReferences, stripReferences } from "@/lib/cases/references";

describe("parseReferences (SPEC §3 step 3)", () => {
  it.each<[string, number[]]>([
    ["About #123", [123]],
    ["#123? is that right", [123]],
    ["Is it #123?", [123]],
    ["see (#123) please", [123]],
    ["first line #123\nsecond line", [123]],
    ["ends with #123", [123]],
    ["#123", [123]],
    ["#123, #124.", [123, 124]],
    ["#12a is not one", []],
    ["abc#12 is not one", []],
    ["##12 is not one", []],
    ["5#12 is not one", []],
    ["é#12 is not one (a letter before)", []],
    ["#12é is not one (a letter after)", []],
    ["# 12 is not one", []],
    ["new please #0", [0]],
    ["#0 new please", [0]],
    ["#00", [0]],
    ["#123 and #0 and #124", [123, 0, 124]],
    ["", []],
    ["#99999999999999999999 is too long to be a case", []],
  ])("%j → %j", (text, expected) => {
    expect(parseReferences(text)).toEqual(expected);
  });

  it("handles a missing text", () => {
    expect(parseReferences(null)).toEqual([]);
  });

  it("strips references but leaves look-alikes", () => {
    expect(stripReferences("Re #123: the #12a form")).toBe("Re  : the #12a form");
  });
});

describe("a case number from an address", () => {
  it.each([
    ["123", 123],
    ["0", 0],
    ["999999999999999", 999999999999999],
    ["1234567890123456", null],
    ["12a", null],
    ["-1", null],
    ["#12", null],
    ["", null],
    [null, null],
    [undefined, null],
  ])("%j → %j", (value, expected) => {
    expect(caseIdFrom(value)).toBe(expected);
  });
});
