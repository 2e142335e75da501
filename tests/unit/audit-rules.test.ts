// The audit log's pure rules: what counts as a change, and how an entry reads.
import { describe, expect, it } from "vitest";
import { describeAction, describeChanges, describeTarget, entryDetails, entryDetailsText, formatAuditValue } from "@/lib/audit/describe";
import { dayRange } from "@/lib/audit/date-range";
import { auditDiff, sameValue } from "@/lib/audit/diff";

describe("auditDiff", () => {
  it("keeps only the fields that changed", () => {
    expect(auditDiff({ title: "A", notes: "n", open: true }, { title: "B", notes: "n", open: true })).toEqual({ before: { title: "A" }, after: { title: "B" } });
  });

  it("is null when nothing changed, whatever the key order or a missing vs null field", () => {
    expect(auditDiff({ a: { x: 1, y: [1, 2] }, b: null }, { a: { y: [1, 2], x: 1 } })).toBeNull();
  });

  it("goes one level into objects, so one changed answer is recorded alone", () => {
    expect(auditDiff({ answers: { status: "new", priority: "2" } }, { answers: { status: "done", priority: "2" } })).toEqual({
      before: { answers: { status: "new" } },
      after: { answers: { status: "done" } },
    });
    expect(auditDiff({ answers: { status: "new" } }, { answers: { status: "new", priority: "1" } })).toEqual({
      before: { answers: { priority: null } },
      after: { answers: { priority: "1" } },
    });
  });

  it("compares lists by their items and dates by their time", () => {
    expect(auditDiff({ surveyIds: [1, 2] }, { surveyIds: [1, 2] })).toBeNull();
    expect(auditDiff({ surveyIds: [1, 2] }, { surveyIds: [2, 1] })).not.toBeNull();
    expect(sameValue(new Date(5), new Date(5))).toBe(true);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue("", null)).toBe(false);
  });
});

describe("how an entry reads", () => {
  it("names known actions in words and shows unknown ones as they are", () => {
    expect(describeAction("case.updated")).toBe("Edited a case");
    expect(describeAction("webhook.created")).toBe("Added a webhook endpoint");
    expect(describeAction("gadget.invented")).toBe("gadget.invented");
  });

  it("one line per field, answers by question, secrets as 'changed' alone", () => {
    expect(describeChanges({ title: "A", answers: { status: "new" }, open: true }, { title: "B", answers: { status: "done" }, open: false })).toEqual([
      { field: "Title", before: "A", after: "B" },
      { field: "Answer “status”", before: "new", after: "done" },
      { field: "Open", before: "yes", after: "no" },
    ]);
    expect(describeChanges(null, { webhookSecret: "changed" })).toEqual([{ field: "Webhook secret", before: null, after: "changed" }]);
    expect(describeChanges({ name: "Old" }, null)).toEqual([{ field: "Name", before: "Old", after: null }]);
  });

  it("formats values plainly", () => {
    expect(formatAuditValue(null)).toBe("—");
    expect(formatAuditValue("")).toBe("—");
    expect(formatAuditValue([3, 4])).toBe("3, 4");
    expect(formatAuditValue([])).toBe("none");
    expect(formatAuditValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe("entries about an erased person", () => {
  it("show the counts, never a before → after", () => {
    expect(entryDetails("person.erased", null, { messagesFrom: 2, messagesTo: 1, cases: 1, media: 0 })).toEqual({
      kind: "text",
      lines: ["2 messages from this number", "1 message to this number", "1 case holding only its messages"],
    });
    expect(entryDetailsText("person.exported", null, {})).toBe("Nothing of that number was found.");
  });

  it("an entry whose details went with the person says so", () => {
    expect(entryDetailsText("case.updated", null, { erased: true })).toBe("Details removed when the person was erased.");
    expect(entryDetailsText("case.updated", { title: "A" }, { title: "B" })).toBe("Title: A → B");
  });
});

describe("the audit page's day range", () => {
  it("runs from the first day's local midnight to the next midnight after the last day", () => {
    const { from, to } = dayRange("2030-03-01", "2030-03-02");
    expect(new Date(from!)).toEqual(new Date(2030, 2, 1));
    expect(new Date(to!)).toEqual(new Date(2030, 2, 3));
    expect(dayRange("", "")).toEqual({});
    expect(dayRange("yesterday", "2030-12-31")).toEqual({ to: new Date(2031, 0, 1).toISOString() });
  });
});

describe("describeTarget", () => {
  it("names users, and says what other targets are", () => {
    const names = new Map([[12, "Ann (ann@example.com)"]]);
    expect(describeTarget("user:12", names)).toBe("Ann (ann@example.com)");
    expect(describeTarget("user:13", names)).toBe("User 13");
    expect(describeTarget("person:+44 •••••••• 23")).toBe("Person +44 •••••••• 23");
    expect(describeTarget("server_settings")).toBe("Settings > Server");
    expect(describeTarget("webhook:3")).toBe("Webhook endpoint 3");
    expect(describeTarget("gadget:3")).toBe("gadget:3");
    expect(describeTarget(null)).toBeNull();
  });
});
