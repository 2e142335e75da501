"use client";

// Admin > Users > Templates (SPEC §10): the WhatsApp templates approved in the WhatsApp Business
// account, each with the numbers it may be sent from — listed, added, edited in place and
// deleted after a confirmation.
import { useEffect, useRef, useState } from "react";
import { createTemplateAction, deleteTemplateAction, updateTemplateAction } from "@/app/(app)/admin/users/templates/actions";
import { ActionForm, useActionForm } from "@/components/ui/action-form";
import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClasses } from "@/components/ui/field";
import { formatNumber, showDirectionControls } from "@/lib/display/format";
import { bodyParameters, MAX_TEMPLATE_BODY, previewParts, type TemplateEntry } from "@/lib/templates/rules";

/** A WhatsApp number of ours that templates can be tied to. */
export type TemplateNumber = { ourNumber: string; surveyName: string; description: string };

export function TemplatesSection({ templates, numbers }: { templates: TemplateEntry[]; numbers: TemplateNumber[] }) {
  return (
    <div className="space-y-6">
      <section aria-labelledby="templates-title" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id="templates-title" className="text-sm font-semibold text-slate-900">
            WhatsApp templates
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            Staff choose them in the composer&apos;s <strong className="font-medium text-slate-700">Template</strong> mode on WhatsApp cases, fill in
            the parameters and send — also after the 24-hour window has closed.
          </p>
        </div>
        {templates.length === 0 ? (
          <div className="px-4 py-8 text-center" data-testid="templates-empty">
            <p className="text-sm font-medium text-slate-900">No templates yet</p>
            <p className="mx-auto mt-1 max-w-lg text-sm text-slate-600">
              More than 24 hours after a person&apos;s last message, WhatsApp delivers only message templates approved in your WhatsApp Business
              account. Add each one here exactly as it was approved — its name, its language and its body with {"{{1}}"}, {"{{2}}"} … — and the
              numbers it may be sent from. A template WhatsApp does not know is rejected.
            </p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Templates">
            {templates.map((template) => (
              <TemplateRow key={template.id} template={template} numbers={numbers} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="add-template-title" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 id="add-template-title" className="mb-3 text-sm font-semibold text-slate-900">
          Add a template
        </h2>
        {numbers.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="templates-no-numbers">
            Templates are sent from WhatsApp numbers: link one first in{" "}
            <a href="/admin/users/conversations" className="font-medium text-indigo-700 hover:text-indigo-600">
              Users &gt; Conversations
            </a>{" "}
            (channel WhatsApp).
          </p>
        ) : (
          <ActionForm action={createTemplateAction} submitLabel="Add template" pendingLabel="Adding…" resetOnSuccess>
            {(state) => <TemplateFields numbers={numbers} errors={state?.fieldErrors ?? {}} />}
          </ActionForm>
        )}
      </section>
    </div>
  );
}

/** The body with its parameters marked, as it reads in the list. */
function MarkedBody({ body }: { body: string }) {
  return (
    <p dir="auto" className="whitespace-pre-wrap wrap-anywhere text-sm text-slate-700" data-testid="template-body">
      {previewParts(body, []).map((part, i) =>
        "text" in part ? (
          <span key={i}>{showDirectionControls(part.text)}</span>
        ) : (
          <mark key={i} className="rounded bg-indigo-50 px-0.5 font-mono text-xs text-indigo-800 ring-1 ring-inset ring-indigo-200">
            {`{{${part.parameter}}}`}
          </mark>
        ),
      )}
    </p>
  );
}

function TemplateRow({ template, numbers }: { template: TemplateEntry; numbers: TemplateNumber[] }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const close = (wasSaved: boolean) => {
    setEditing(false);
    setSaved(wasSaved);
    requestAnimationFrame(() => editButton.current?.focus());
  };
  const label = `${template.name} (${template.locale})`;
  return (
    <li className="px-4 py-3" data-testid="template-row">
      {editing ? (
        <EditTemplate template={template} numbers={numbers} onDone={close} />
      ) : (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 space-y-1">
            <p className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-sm font-medium break-all text-slate-900">{template.name}</span>
              <Badge tone="indigo">{template.locale}</Badge>
              <span className="text-xs text-slate-500">
                {template.parameterCount === 0 ? "no parameters" : `${template.parameterCount} parameter${template.parameterCount === 1 ? "" : "s"}`}
              </span>
              {saved ? (
                <span role="status" className="text-xs text-emerald-700">
                  Saved
                </span>
              ) : null}
            </p>
            <MarkedBody body={template.body} />
            <p className="text-xs text-slate-500">
              {template.numbers.length === 0 ? (
                <span className="font-medium text-amber-800">No WhatsApp number any more: it cannot be sent until you choose one.</span>
              ) : (
                <>From {template.numbers.map(formatNumber).join(", ")}</>
              )}
            </p>
          </div>
          <div className="flex flex-none items-center gap-1 sm:ml-4">
            <button
              ref={editButton}
              type="button"
              className={buttonClasses("secondary", "px-2.5 py-1 text-xs")}
              onClick={() => setEditing(true)}
              aria-label={`Edit ${label}`}
            >
              Edit
            </button>
            <Button variant="ghost" className="px-2.5 py-1 text-xs text-rose-700" onClick={() => setDeleting(true)} aria-label={`Delete ${label}`}>
              Delete
            </Button>
          </div>
        </div>
      )}
      <DeleteTemplate template={template} open={deleting} onClose={() => setDeleting(false)} />
    </li>
  );
}

/** Name, language code, body (with its parameters counted as typed) and the numbers. */
function TemplateFields({ template, numbers, errors }: { template?: TemplateEntry; numbers: TemplateNumber[]; errors: Record<string, string> }) {
  const [body, setBody] = useState(template?.body ?? "");
  const bodyField = useRef<HTMLTextAreaElement>(null);
  // The add form empties itself after a success (form.reset()); the body is held here, so it follows.
  useEffect(() => {
    const form = bodyField.current?.form;
    if (!form) return;
    const onReset = () => setBody(template?.body ?? "");
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, [template]);
  const parameters = body.trim() ? bodyParameters(body) : null;
  const length = body.trim().length;
  const chosen = new Set(template?.numbers ?? (numbers.length === 1 ? [numbers[0]!.ourNumber] : []));
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <Field
          label="Name"
          hint="Exactly as in WhatsApp Manager: lowercase letters, digits and underscores."
          name="name"
          error={errors.name}
        >
          {(props) => (
            <input
              {...props}
              defaultValue={template?.name ?? ""}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="appointment_reminder"
              autoFocus={Boolean(template)}
              className={`${inputClasses} font-mono`}
            />
          )}
        </Field>
        <Field label="Language code" hint="As approved: en, en_GB, pt_BR …" name="locale" error={errors.locale}>
          {(props) => (
            <input
              {...props}
              defaultValue={template?.locale ?? ""}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="en_GB"
              className={`${inputClasses} font-mono`}
            />
          )}
        </Field>
      </div>
      <Field
        label="Body"
        hint={
          <>
            The approved text, with <code className="font-mono">{"{{1}}"}</code>, <code className="font-mono">{"{{2}}"}</code> … where the parameters go.
          </>
        }
        name="body"
        error={errors.body}
      >
        {(props) => (
          <>
            <textarea {...props} ref={bodyField} rows={4} value={body} onChange={(event) => setBody(event.target.value)} className={inputClasses} />
            <p className="mt-1 flex flex-wrap justify-between gap-x-3 text-xs" aria-live="polite" data-testid="template-parameters">
              <span className={parameters && !parameters.ok ? "font-medium text-rose-700" : "text-slate-600"}>
                {!parameters
                  ? "No body yet."
                  : !parameters.ok
                    ? parameters.error
                    : parameters.count === 0
                      ? "No parameters: it is sent as written."
                      : `${parameters.count} parameter${parameters.count === 1 ? "" : "s"}: ${Array.from({ length: parameters.count }, (_, i) => `{{${i + 1}}}`).join(", ")} — staff fill each in when sending.`}
              </span>
              <span className={length > MAX_TEMPLATE_BODY ? "font-medium text-rose-700" : "text-slate-500"}>
                {length} / {MAX_TEMPLATE_BODY}
              </span>
            </p>
          </>
        )}
      </Field>
      <fieldset aria-describedby={errors.numbers ? "template-numbers-error" : undefined}>
        <legend className="block text-sm font-medium text-slate-700">May be sent from</legend>
        <p className="text-xs text-slate-500">The WhatsApp numbers whose Business account approved it.</p>
        <div className="mt-2 space-y-1.5">
          {numbers.map((n) => (
            <label key={n.ourNumber} className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="numbers"
                value={n.ourNumber}
                defaultChecked={chosen.has(n.ourNumber)}
                className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
              />
              <span>
                <span className="font-medium">{formatNumber(n.ourNumber)}</span>
                <span className="text-slate-500">
                  {" "}
                  · {n.surveyName}
                  {n.description ? ` · ${n.description}` : ""}
                </span>
              </span>
            </label>
          ))}
        </div>
        {errors.numbers ? (
          <p id="template-numbers-error" className="mt-1 text-sm text-rose-600">
            {errors.numbers}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}

/** The row's own form while editing: mounted fresh each time, so old errors never linger. */
function EditTemplate({ template, numbers, onDone }: { template: TemplateEntry; numbers: TemplateNumber[]; onDone: (saved: boolean) => void }) {
  const { state, onSubmit, pending } = useActionForm(updateTemplateAction);
  useEffect(() => {
    if (state?.ok) onDone(true);
  }, [state, onDone]);
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone(false);
      }}
      className="space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200"
      aria-label={`Edit ${template.name} (${template.locale})`}
      noValidate
    >
      <input type="hidden" name="templateId" value={template.id} />
      <TemplateFields template={template} numbers={numbers} errors={state?.fieldErrors ?? {}} />
      {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => onDone(false)}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}

function DeleteTemplate({ template, open, onClose }: { template: TemplateEntry; open: boolean; onClose: () => void }) {
  const { state, onSubmit, pending } = useActionForm(deleteTemplateAction);
  return (
    <Dialog open={open && !state?.ok} onClose={onClose} title={`Delete “${template.name}” (${template.locale})?`}>
      <form onSubmit={onSubmit} className="space-y-4">
        <input type="hidden" name="templateId" value={template.id} />
        <p className="text-sm text-slate-700">
          Staff can no longer choose it in the composer. Messages already sent with it keep their text; it stays approved in your WhatsApp Business
          account.
        </p>
        {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Deleting…" : "Delete template"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
