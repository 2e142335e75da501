"use client";

import { processAgainAction } from "@/app/(app)/admin/users/conversations/actions";
import { ActionForm } from "@/components/ui/action-form";

export function ProcessAgainForm({ ourNumber, waiting }: { ourNumber: string; waiting: number }) {
  return (
    <ActionForm action={processAgainAction} submitLabel="Process again" pendingLabel="Processing…" submitVariant="secondary" className="flex flex-wrap items-center gap-3" footerClassName="">
      {() => (
        <>
          <input type="hidden" name="ourNumber" value={ourNumber} />
          <span className="text-sm text-slate-700">
            {waiting} message{waiting === 1 ? "" : "s"} to +{ourNumber} waited for a link.
          </span>
        </>
      )}
    </ActionForm>
  );
}
