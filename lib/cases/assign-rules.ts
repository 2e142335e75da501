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

/** How an `assigned` history event reads in the thread (`actor`: who made the change). */
export function describeAssignment(data: Record<string, unknown>, actor: AssigneeRef | null): string {
  const ref = (value: unknown): AssigneeRef | null =>
    value && typeof value === "object" && "id" in value && "name" in value && typeof value.id === "number" && typeof value.name === "string"
      ? { id: value.id, name: value.name }
      : null;
  const from = ref(data.from);
  const to = ref(data.to);
  const who = actor?.name ?? "Caseline";
  const isActor = (user: AssigneeRef | null) => user !== null && actor !== null && user.id === actor.id;
  if (data.reason === "access_removed") return `Unassigned from ${from?.name ?? "a user"}: they may no longer see this survey`;
  if (data.reason === "first_reply") return `Assigned to ${to?.name ?? who} by their first reply`;
  if (!to) return isActor(from) ? `${who} unassigned themselves` : `${who} unassigned ${from?.name ?? "the case"}`;
  if (isActor(to)) return from ? `${who} took the case from ${from.name}` : `${who} assigned the case to themselves`;
  return from ? `${who} reassigned the case from ${from.name} to ${to.name}` : `${who} assigned the case to ${to.name}`;
}
