import { describe, expect, it } from "vitest";
import { MAX_TITLE_LENGTH, caseTitle } from "@/lib/cases/titles";

describe("caseTitle", () => {
  it("uses the text with references removed and whitespace collapsed", () => {
    expect(caseTitle("  Appointment   request\n\n#0  for Tuesday ")).toBe("Appointment request for Tuesday");
  });

  it("keeps a title of exactly 60 characters whole", () => {
    const text = "x".repeat(MAX_TITLE_LENGTH);
    expect(caseTitle(text)).toBe(text);
  });

  it("cuts longer titles to 60 characters with an ellipsis", () => {
    const title = caseTitle(`${"word ".repeat(30)}end`);
    expect(Array.from(title)).toHaveLength(MAX_TITLE_LENGTH);
    expect(title.endsWith("…")).toBe(true);
  });

  it("never cuts an emoji in half", () => {
    const title = caseTitle("😀".repeat(70));
    expect(Array.from(title)).toHaveLength(MAX_TITLE_LENGTH);
    expect(title).toBe(`${"😀".repeat(59)}…`);
  });

  it("names messages without text after their kind", () => {
    expect(caseTitle(null, "image")).toBe("Image");
    expect(caseTitle("#0", "text")).toBe("New message");
    expect(caseTitle("", "location")).toBe("Location");
  });
});
