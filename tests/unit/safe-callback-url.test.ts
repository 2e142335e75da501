import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/http/safe-callback-url";

describe("safeCallbackUrl", () => {
  it.each([
    ["/admin/users", "/admin/users"],
    ["/console?surveyId=3", "/console?surveyId=3"],
    [undefined, "/console"],
    ["", "/console"],
    ["https://evil.example/", "/console"],
    ["//evil.example/path", "/console"],
    ["/\\evil.example", "/console"],
    ["javascript:alert(1)", "/console"],
    ["/\t/evil.example", "/console"],
    ["/\n/evil.example", "/console"],
    ["/ /evil.example", "/console"],
  ])("%s → %s", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });
});
