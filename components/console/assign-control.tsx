"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, useTransition } from "react";
import { assignCaseAction } from "@/app/(app)/console/cases/[id]/actions";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/field";
import { initialsOf } from "@/lib/display/format";
import type { AssigneeSummary } from "@/lib/cases/read-queries";
import { caseKeys } from "./query-options";

/**
 * SPEC §9 in the case view: who has the case, Assign to me, choose anyone who may see it, or
 * Unassigned. The case and the lists refresh when the change is stored.
 */
export function AssignControl({
  caseId,
  assignee,
  team,
  currentUserId,
}: {
  caseId: number;
  assignee: AssigneeSummary | null;
  team: AssigneeSummary[];
  currentUserId: number;
}) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();

  const assign = (assigneeId: number | null) =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await assignCaseAction(null, { caseId, assigneeId });
        if (!result.ok) return setError(result.error);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) }),
          queryClient.invalidateQueries({ queryKey: caseKeys.lists }),
        ]);
      } catch {
        setError("The server could not be reached. Try again.");
      }
    });

  // The current assignee stays choosable even if they have since lost access (until the
  // access change unassigns them), so the select never shows a wrong name.
  const options = assignee && !team.some((u) => u.id === assignee.id) ? [assignee, ...team] : team;

  return (
    <div className="space-y-2" data-testid="assign-control">
      <label htmlFor={selectId} className="block text-xs font-medium uppercase tracking-wide text-slate-500">
        Assignee
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <select
          id={selectId}
          value={assignee?.id ?? ""}
          disabled={pending}
          onChange={(e) => assign(e.target.value ? Number(e.target.value) : null)}
          className={`${inputClasses} max-w-[14rem] disabled:opacity-60`}
        >
          <option value="">Unassigned</option>
          {options.map((u) => (
            <option key={u.id} value={u.id}>
              {u.id === currentUserId ? `${u.name} (me)` : u.name}
            </option>
          ))}
        </select>
        {assignee?.id !== currentUserId && team.some((u) => u.id === currentUserId) ? (
          <Button variant="secondary" onClick={() => assign(currentUserId)} disabled={pending} data-shortcut="assign-to-me">
            Assign to me
          </Button>
        ) : null}
        {pending ? <span className="text-xs text-slate-500">Saving…</span> : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The assignee's initials in a small circle, for lists. */
export function AssigneeChip({ assignee }: { assignee: AssigneeSummary }) {
  return (
    <span className="inline-flex items-center gap-1 text-slate-600" title={`Assigned to ${assignee.name}`}>
      <span aria-hidden className="inline-flex h-5 w-5 items-center justify-center rounded-full bg-indigo-100 text-[10px] font-semibold text-indigo-700">
        {initialsOf(assignee.name)}
      </span>
      <span className="max-w-[8rem] truncate">{assignee.name}</span>
    </span>
  );
}
