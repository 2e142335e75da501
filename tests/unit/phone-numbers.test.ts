import { describe, expect, it } from "vitest";
import { normalisePhoneNumber, webhookNumber } from "@/lib/phone/normalise";

describe("normalisePhoneNumber (SPEC §1)", () => {
  it.each([
    ["+61 412 345 678", "61412345678"],
    ["0061412345678", "61412345678"],
    ["447700900000", "447700900000"],
    ["+44 (0)7700-900.000".replace("(0)", ""), "447700900000"],
  ])("%s → %s", (input, expected) => {
    expect(normalisePhoneNumber(input)).toEqual({ ok: true, number: expected });
  });

  it.each(["123456", "1234567890123456", "+44 77OO 900000", "", "call me"])("refuses %j", (input) => {
    const result = normalisePhoneNumber(input);
    expect(result.ok).toBe(false);
  });

  it("reads webhook numbers leniently", () => {
    expect(webhookNumber(447700900001)).toBe("447700900001");
    expect(webhookNumber("+447700900001")).toBe("447700900001");
    expect(webhookNumber("VONAGE")).toBe("VONAGE");
  });
});
