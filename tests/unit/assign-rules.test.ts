import { describe, expect, it } from "vitest";
import { describeAssignment, firstReplyAssignee } from "@/lib/cases/assign-rules";

describe("first reply assigns (SPEC §9)", () => {
  it.each([
    [true, null, 7],
    [true, 3, null],
    [false, null, null],
    [false, 3, null],
  ])("survey on=%s, assignee=%s → %s", (firstReplyAssigns, assigneeId, expected) => {
    expect(firstReplyAssignee({ firstReplyAssigns }, { assigneeId }, { id: 7 })).toBe(expected);
  });
});

describe("how an assignment reads in the thread", () => {
  const ana = { id: 1, name: "Ana" };
  const ben = { id: 2, name: "Ben" };
  it.each([
    [{ from: null, to: ana, reason: "manual" }, "Ana", "Ana assigned the case to themselves"],
    [{ from: null, to: ben, reason: "manual" }, "Ana", "Ana assigned the case to Ben"],
    [{ from: ben, to: ana, reason: "manual" }, "Ana", "Ana took the case from Ben"],
    [{ from: ana, to: ben, reason: "manual" }, "Olive", "Olive reassigned the case from Ana to Ben"],
    [{ from: ana, to: null, reason: "manual" }, "Ana", "Ana unassigned themselves"],
    [{ from: ben, to: null, reason: "manual" }, "Ana", "Ana unassigned Ben"],
    [{ from: ben, to: null, reason: "access_removed" }, "Olive", "Unassigned from Ben: they may no longer see this survey"],
    [{ from: null, to: ana, reason: "first_reply" }, "Ana", "Assigned to Ana by their first reply"],
  ])("%j by %s", (data, who, text) => {
    expect(describeAssignment(data, who)).toBe(text);
  });
});
