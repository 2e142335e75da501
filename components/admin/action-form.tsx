"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionState } from "@/lib/http/action-state";

/** A form posting to a server action, with its pending, error and success states shown in place. */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel = "Saving…",
  submitVariant = "primary",
  className = "space-y-4",
  footerClassName = "flex justify-end",
  resetOnSuccess = false,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  children: (state: ActionState) => ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  submitVariant?: "primary" | "secondary" | "danger";
  className?: string;
  footerClassName?: string;
  resetOnSuccess?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && state?.ok) form.current?.reset();
  }, [state, resetOnSuccess]);
  return (
    <form ref={form} onSubmit={(event) => submitKeepingInput(event, formAction)} className={className} noValidate>
      {children(state)}
      {state && !state.ok && state.error ? <ErrorAlert>{state.error}</ErrorAlert> : null}
      {state?.ok && state.message ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          {state.message}
          {state.secret ? (
            <>
              {" "}
              <code className="select-all rounded bg-white px-1.5 py-0.5 font-mono text-slate-900 ring-1 ring-emerald-200" data-testid="shown-once">
                {state.secret}
              </code>{" "}
              <span className="text-emerald-700">(shown only now)</span>
            </>
          ) : null}
        </p>
      ) : null}
      <div className={footerClassName}>
        <Button type="submit" variant={submitVariant} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}

/**
 * Submits without React's automatic form reset, so a form refused by the server keeps what
 * the user typed next to the errors.
 */
export function submitKeepingInput(event: FormEvent<HTMLFormElement>, formAction: (formData: FormData) => void) {
  event.preventDefault();
  const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
  startTransition(() => formAction(formData));
}
