"use client";

import Link from "next/link";
import { useEffect, useId } from "react";
import { moveMessageAction } from "@/app/(app)/console/cases/[id]/actions";
import { useActionForm } from "@/components/ui/action-form";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ThreadMessage } from "@/lib/cases/read-queries";
import { showDirectionControls } from "@/lib/display/format";

/** SPEC §5: move an inbound message to a case of its own, with an optional comment. */
export function MoveDialog({
  caseId,
  message,
  onClose,
  onMoved,
}: {
  caseId: number;
  message: ThreadMessage | null;
  onClose: () => void;
  onMoved: (result: { newCaseId: number; reference: string }) => void;
}) {
  return (
    <Dialog open={message !== null} onClose={onClose} title="Move this message to its own case">
      {message ? <MoveForm key={message.id} caseId={caseId} message={message} onClose={onClose} onMoved={onMoved} /> : null}
    </Dialog>
  );
}

function MoveForm({
  caseId,
  message,
  onClose,
  onMoved,
}: {
  caseId: number;
  message: ThreadMessage;
  onClose: () => void;
  onMoved: (result: { newCaseId: number; reference: string }) => void;
}) {
  const { state, onSubmit, pending } = useActionForm(moveMessageAction);
  const commentId = useId();
  useEffect(() => {
    if (state?.ok) onMoved(state);
  }, [state, onMoved]);

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <input type="hidden" name="caseId" value={caseId} />
      <input type="hidden" name="messageId" value={message.id} />
      <blockquote dir="auto" className="max-h-32 overflow-y-auto whitespace-pre-wrap wrap-anywhere rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">
        {message.text ? showDirectionControls(message.text) : message.media ? `(${message.media.type})` : "(no text)"}
      </blockquote>
      <p className="text-sm text-slate-600">
        The message leaves this case and starts a new case of its own, for the same person and number.
      </p>
      <div>
        <label htmlFor={commentId} className="block text-sm font-medium text-slate-700">
          Comment <span className="font-normal text-slate-500">(optional, added to the new case&apos;s notes)</span>
        </label>
        <textarea
          id={commentId}
          name="comment"
          rows={3}
          maxLength={2000}
          autoFocus
          className="mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
        />
      </div>
      {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
      {state?.ok ? (
        <p className="text-sm text-emerald-700">
          Moved to <Link href={`/console/cases/${state.newCaseId}`}>{state.reference}</Link>.
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Moving…" : "Confirm"}
        </Button>
      </div>
    </form>
  );
}
