"use client";

import { useEffect, useRef, useState } from "react";
import { createWebhookAction, deleteWebhookAction, resendDeliveryAction, setWebhookActiveAction } from "@/app/(app)/admin/webhooks/actions";
import { CopyField } from "@/components/admin/copy-field";
import { ActionForm, useActionForm } from "@/components/ui/action-form";
import { ErrorAlert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClasses } from "@/components/ui/field";

/** URL, description and events; on success the signing secret, shown this once, with a copy button. */
export function CreateWebhookForm({ events }: { events: Array<{ type: string; description: string }> }) {
  const { state, onSubmit, pending } = useActionForm(createWebhookAction);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  const errors = state?.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      {state?.ok && state.secret ? (
        <div role="status" className="space-y-2 rounded-md bg-emerald-50 p-3 ring-1 ring-inset ring-emerald-200">
          <p className="text-sm text-emerald-800">Endpoint created. Copy its signing secret now: it is not shown again.</p>
          <CopyField label="Signing secret" value={state.secret} />
        </div>
      ) : null}
      <form ref={form} onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="URL" hint="Where the events are posted: https, on a public address." name="url" error={errors.url}>
          {(props) => <input {...props} type="url" inputMode="url" autoComplete="off" placeholder="https://crm.example.com/caseline" className={inputClasses} />}
        </Field>
        <Field label="Description" hint="Optional: what receives them." name="description" error={errors.description}>
          {(props) => <input {...props} className={inputClasses} />}
        </Field>
        <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">Events</legend>
          <div className="mt-2 space-y-2">
            {events.map((event) => (
              <label key={event.type} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="events" value={event.type} className="mt-0.5" />
                <span>
                  <span className="font-mono text-slate-900">{event.type}</span>
                  <span className="block text-xs text-slate-500">{event.description}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.events ? (
            <p id="webhook-events-error" className="mt-1 text-sm text-rose-600">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
        <div className="flex justify-end">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create endpoint"}
          </Button>
        </div>
      </form>
    </div>
  );
}

export function WebhookActiveForm({ id, active }: { id: number; active: boolean }) {
  return (
    <ActionForm
      action={setWebhookActiveAction}
      submitLabel={active ? "Turn off" : "Turn on"}
      pendingLabel={active ? "Turning off…" : "Turning on…"}
      submitVariant="secondary"
      className="flex flex-wrap items-center gap-2"
      footerClassName=""
    >
      {() => (
        <>
          <input type="hidden" name="webhookId" value={id} />
          <input type="hidden" name="active" value={active ? "false" : "true"} />
        </>
      )}
    </ActionForm>
  );
}

export function DeleteWebhookButton({ id, url }: { id: number; url: string }) {
  const [open, setOpen] = useState(false);
  const { state, onSubmit, pending } = useActionForm(deleteWebhookAction);
  return (
    <>
      <Button variant="ghost" className="text-rose-700" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <Dialog open={open && !state?.ok} onClose={() => setOpen(false)} title="Delete this endpoint?">
        <form onSubmit={onSubmit} className="space-y-4">
          <input type="hidden" name="webhookId" value={id} />
          <p className="text-sm text-slate-700">
            <span className="break-all font-mono">{url}</span> will receive no more events, and its delivery history is deleted with it.
          </p>
          {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Deleting…" : "Delete endpoint"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function ResendDeliveryButton({ webhookId, deliveryId }: { webhookId: number; deliveryId: number }) {
  const { state, onSubmit, pending } = useActionForm(resendDeliveryAction);
  return (
    <form onSubmit={onSubmit} className="inline-flex flex-col items-start gap-1 md:items-end">
      <input type="hidden" name="webhookId" value={webhookId} />
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <Button type="submit" variant="secondary" className="px-2.5 py-1 text-xs" disabled={pending}>
        {pending ? "Sending…" : "Send again"}
      </Button>
      {state && !state.ok ? <span className="text-xs text-rose-700">{state.error}</span> : null}
      {state?.ok ? (
        <span role="status" className="text-xs text-emerald-700">
          Queued
        </span>
      ) : null}
    </form>
  );
}
