import { describe, expect, it } from "vitest";
import { isDataError } from "@/lib/db/errors";
import { jsonShapeProblem, MAX_JSON_DEPTH, saneTimestamp } from "@/lib/vonage/json-shape";

describe("the shape a webhook body may have", () => {
  it("accepts Vonage's payloads, brackets and digits inside strings included", () => {
    expect(jsonShapeProblem('{"a":[1,2,{"b":"[[[[ 1234567890123456789012345678901234567890123 ]]]]"}],"c":-1.5e10}')).toBeNull();
    expect(jsonShapeProblem('{"text":"quote \\\\" and [ bracket"}')).toBeNull();
  });

  it("refuses deep nesting and very long numbers", () => {
    expect(jsonShapeProblem("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeProblem("[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1))).toMatch(/nested/);
    expect(jsonShapeProblem(`{"n":${"9".repeat(41)}}`)).toMatch(/number longer/);
    expect(jsonShapeProblem(`{"n":${"9".repeat(40)}}`)).toBeNull();
  });

  it("keeps only timestamps of this era", () => {
    expect(saneTimestamp("2026-11-23T10:00:00Z")?.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(saneTimestamp("+275760-09-13T00:00:00.000Z")).toBeNull();
    expect(saneTimestamp("1970-01-01T00:00:00Z")).toBeNull();
    expect(saneTimestamp("yesterday")).toBeNull();
    expect(saneTimestamp(undefined)).toBeNull();
  });

  it("tells data errors (retrying cannot help) from others, wrapped or not", () => {
    expect(isDataError({ code: "22003" })).toBe(true);
    expect(isDataError({ message: "Failed query", cause: { code: "22P05" } })).toBe(true);
    expect(isDataError({ code: "54001" })).toBe(true);
    expect(isDataError({ code: "40001" })).toBe(false);
    expect(isDataError({ code: "CONNECTION_CLOSED" })).toBe(false);
    expect(isDataError(new Error("x"))).toBe(false);
  });
});
