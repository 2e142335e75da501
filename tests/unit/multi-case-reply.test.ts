import { describe, expect, it } from "vitest";
import { AUTO_REPLY_INTERVAL_MS, fillMultiCaseReply, mayAutoReply } from "@/lib/cases/multi-case-reply";

const cases = [
  { id: 124, title: "Question about hours" },
  { id: 123, title: "Appointment request" },
];

describe("fillMultiCaseReply", () => {
  it("fills the guide's example exactly", () => {
    const template =
      "Hello, thank you for your message. You currently have %s1 open cases (%s2).\nPlease include a # and the reference number to identify which case you're commenting on, or add #0 to create a new case.";
    expect(fillMultiCaseReply(template, cases)).toBe(
      "Hello, thank you for your message. You currently have 2 open cases (#123: Appointment request, #124: Question about hours).\nPlease include a # and the reference number to identify which case you're commenting on, or add #0 to create a new case.",
    );
  });

  it("sends a template without placeholders as it is", () => {
    expect(fillMultiCaseReply("Please add the case number.", cases)).toBe("Please add the case number.");
  });

  it("replaces every placeholder, once", () => {
    expect(fillMultiCaseReply("%s1/%s1 %s2", [{ id: 7, title: "has %s1 inside" }])).toBe("1/1 #7: has %s1 inside");
  });
});

describe("mayAutoReply", () => {
  const now = new Date("2026-01-01T12:00:00Z");
  it.each<[Date | null, boolean]>([
    [null, true],
    [new Date(now.getTime() - AUTO_REPLY_INTERVAL_MS + 1000), false],
    [new Date(now.getTime() - AUTO_REPLY_INTERVAL_MS), true],
    [new Date(now.getTime() - 60 * 60 * 1000), true],
  ])("last reply %s → %s", (last, expected) => {
    expect(mayAutoReply(last, now)).toBe(expected);
  });
});
