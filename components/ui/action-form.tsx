"use client";

// The client side of the one server-action shape (lib/http/action.ts): a form that posts
// to an action and shows its pending, error and success states in place. Forms with their
// own layout use `useActionForm`.
import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/http/action-result";

type FormAction<T extends object> = (state: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * useActionState, submitted without React's automatic form reset, so a form refused by the
 * server keeps what the user typed next to the errors.
 */
export function useActionForm<T extends object>(action: FormAction<T>) {
  const [state, formAction, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => formAction(formData));
  };
  return { state, onSubmit, pending };
}

type Shown = { message?: string; secret?: string };

/** A form posting to a server action, with its pending, error and success states shown in place. */
export function ActionForm<T extends Shown>({
  action,
  children,
  submitLabel,
  pendingLabel = "Saving…",
  submitVariant = "primary",
  className = "space-y-4",
  footerClassName = "flex justify-end",
  resetOnSuccess = false,
}: {
  action: FormAction<T>;
  children: (state: ActionResult<T> | null) => ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  submitVariant?: "primary" | "secondary" | "danger";
  className?: string;
  footerClassName?: string;
  resetOnSuccess?: boolean;
}) {
  const { state, onSubmit, pending } = useActionForm(action);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnSuccess && state?.ok) form.current?.reset();
  }, [state, resetOnSuccess]);
  return (
    <form ref={form} onSubmit={onSubmit} className={className} noValidate>
      {children(state)}
      {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
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
