"use client";

import { startDemoAction } from "@/app/(app)/console/actions";
import { ActionForm } from "@/components/ui/action-form";

/** The new install's offer: a demo inbox with people writing from virtual phones. */
export function TryDemo() {
  return (
    <ActionForm action={startDemoAction} submitLabel="Try a demo" pendingLabel="Setting up the demo…" footerClassName="flex justify-center">
      {() => (
        <p className="mx-auto max-w-md text-sm text-slate-600">
          Creates a <strong>Demo</strong> survey with cases, links a Phone simulator number with an automatic reply, and has three people
          write to it from virtual phones. Reply to one and watch the phone receive it in Admin &gt; Phone simulator.
        </p>
      )}
    </ActionForm>
  );
}
