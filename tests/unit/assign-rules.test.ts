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
  const olive = { id: 3, name: "Olive" };
  // Two users may share a name: who is who goes by id.
  const otherAna = { id: 4, name: "Ana" };
  it.each([
    [{ from: null, to: ana, reason: "manual" }, ana, "Ana assigned the case to themselves"],
    [{ from: null, to: ben, reason: "manual" }, ana, "Ana assigned the case to Ben"],
    [{ from: null, to: otherAna, reason: "manual" }, ana, "Ana assigned the case to Ana"],
    [{ from: ben, to: ana, reason: "manual" }, ana, "Ana took the case from Ben"],
    [{ from: ana, to: ben, reason: "manual" }, olive, "Olive reassigned the case from Ana to Ben"],
    [{ from: ana, to: null, reason: "manual" }, ana, "Ana unassigned themselves"],
    [{ from: ben, to: null, reason: "manual" }, ana, "Ana unassigned Ben"],
    [{ from: ben, to: null, reason: "access_removed" }, olive, "Unassigned from Ben: they may no longer see this survey"],
    [{ from: null, to: ana, reason: "first_reply" }, ana, "Assigned to Ana by their first reply"],
    [{ from: null, to: ana, reason: "manual" }, null, "Caseline assigned the case to Ana"],
  ])("%j by %j", (data, actor, text) => {
    expect(describeAssignment(data, actor)).toBe(text);
  });
});
