// Pure rules of assignment (SPEC §9), apart from the transactions that apply them.

export type AssignReason = "manual" | "first_reply" | "access_removed";

/** Who a case is given to, as the history event and the case view show them. */
export type AssigneeRef = { id: number; name: string };

/** SPEC §9: a reply to an unassigned case assigns it to its sender when the survey asks so. */
export function firstReplyAssignee(
  survey: { firstReplyAssigns: boolean },
  kase: { assigneeId: number | null },
  replier: { id: number },
): number | null {
  return survey.firstReplyAssigns && kase.assigneeId === null ? replier.id : null;
}

/** The history event's data for a change of assignee. */
export function assignedEventData(from: AssigneeRef | null, to: AssigneeRef | null, reason: AssignReason) {
  return { from, to, reason };
}

/** How an `assigned` history event reads in the thread. */
export function describeAssignment(data: Record<string, unknown>, who: string): string {
  const name = (ref: unknown) => (ref && typeof ref === "object" && "name" in ref && typeof ref.name === "string" ? ref.name : null);
  const from = name(data.from);
  const to = name(data.to);
  if (data.reason === "access_removed") return `Unassigned from ${from ?? "a user"}: they may no longer see this survey`;
  if (data.reason === "first_reply") return `Assigned to ${to ?? who} by their first reply`;
  if (!to) return from === who ? `${who} unassigned themselves` : `${who} unassigned ${from ?? "the case"}`;
  if (to === who) return from ? `${who} took the case from ${from}` : `${who} assigned the case to themselves`;
  return from ? `${who} reassigned the case from ${from} to ${to}` : `${who} assigned the case to ${to}`;
}
