// What Admin > People shows and the audit log keeps about an erased person.
import { describe, expect, it } from "vitest";
import { countLines, EMPTY_COUNTS, maskNumber } from "@/lib/privacy/counts";

describe("maskNumber", () => {
  it("keeps two digits at each end and hides the rest, so the number itself is never kept", () => {
    expect(maskNumber("447700900123")).toBe("+44 •••••••• 23");
    expect(maskNumber("61412345678")).toBe("+61 ••••••• 78");
    for (const number of ["447700900123", "1234567", "123456789012345"]) {
      const masked = maskNumber(number);
      expect(masked.replace(/\D/g, "").length).toBeLessThanOrEqual(4);
      expect(masked).not.toContain(number.slice(0, 5));
    }
  });
});

describe("countLines", () => {
  it("says each count in words, singular or plural, in a fixed order", () => {
    const lines = countLines({ ...EMPTY_COUNTS, messagesFrom: 1, messagesTo: 3, media: 2, mediaFiles: 2, mediaBytes: 2_450_000, cases: 2 });
    expect(lines.slice(0, 6).map((l) => l.text)).toEqual([
      "1 message from this number",
      "3 messages to this number",
      "2 of them with media",
      "2 stored files of those messages",
      "2.5 MB in those files",
      "2 cases holding only its messages",
    ]);
    expect(lines.map((l) => l.key)).toEqual(Object.keys(EMPTY_COUNTS));
  });
});
