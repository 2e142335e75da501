"use client";

import Link from "next/link";
import { updateCaseAction } from "@/app/(app)/console/cases/[id]/actions";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, inputClasses } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/action-form";
import type { CaseDetail } from "@/lib/cases/read-queries";
import type { SurveyForm } from "@/lib/surveys/queries";
import { Thread } from "./thread";

/** Edit mode: a form built from the survey's questions, the status question first. */
export function CaseEditForm({ detail, form, notificationSlot }: { detail: CaseDetail; form: SurveyForm; notificationSlot?: React.ReactNode }) {
  const { state, onSubmit, pending } = useActionForm(updateCaseAction);
  const errors = (state && !state.ok && state.fieldErrors) || {};
  const statusQuestion = form.questions.find((q) => q.name === form.statusQuestionName);
  const statusLabels = Object.fromEntries((statusQuestion?.choices ?? []).map((c) => [c.value, c.label]));
  const ordered = statusQuestion ? [statusQuestion, ...form.questions.filter((q) => q !== statusQuestion)] : form.questions;

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="caseId" value={detail.id} />
      <div className="flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <p className="text-sm text-slate-500">
            {form.name} · {detail.reference}
          </p>
          <h1 className="text-xl font-semibold text-slate-900">Edit case</h1>
        </div>
        <div className="flex flex-wrap gap-2">
          {notificationSlot}
          <Link href={`/console/cases/${detail.id}`} className={buttonClasses("secondary")}>
            Cancel
          </Link>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>

      {state && !state.ok ? <ErrorAlert>{state.error}</ErrorAlert> : null}

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="space-y-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:col-span-2">
          <Field label="Title" name="title" error={errors.title}>
            {(props) => <input {...props} type="text" defaultValue={detail.title} maxLength={200} className={inputClasses} />}
          </Field>
          {ordered.map((q) => {
            const value = detail.answers[q.name];
            const current = value === null || value === undefined ? "" : String(value);
            const isStatus = q === statusQuestion;
            switch (q.type) {
              case "note":
                return (
                  <p key={q.name} className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
                    {q.label}
                  </p>
                );
              case "conversation":
                return (
                  <div key={q.name}>
                    <p className="text-sm font-medium text-slate-700">{q.label}</p>
                    <div className="mt-1 max-h-96 overflow-y-auto rounded-md bg-slate-100/60 p-3 ring-1 ring-inset ring-slate-200">
                      <Thread caseId={detail.id} messages={detail.messages} events={detail.events} statusLabels={statusLabels} />
                    </div>
                  </div>
                );
              case "select_one":
                return (
                  <Field
                    key={q.name}
                    label={q.label}
                    hint={isStatus && form.closingValue ? `The status question: ${q.choices.find((c) => c.value === form.closingValue)?.label ?? form.closingValue} closes the case.` : undefined}
                    name={`answer.${q.name}`}
                    error={errors[q.name]}
                  >
                    {(props) => (
                      <select {...props} defaultValue={current} className={inputClasses}>
                        {isStatus && current !== "" ? null : <option value="">—</option>}
                        {current !== "" && !q.choices.some((c) => c.value === current) ? (
                          // A value no longer among the choices stays selected rather than silently becoming the first.
                          <option value={current}>{current} (no longer a choice)</option>
                        ) : null}
                        {q.choices.map((c) => (
                          <option key={c.value} value={c.value}>
                            {c.label}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                );
              case "integer":
                return (
                  <Field key={q.name} label={q.label} name={`answer.${q.name}`} error={errors[q.name]}>
                    {(props) => <input {...props} type="text" inputMode="numeric" defaultValue={current} className={inputClasses} />}
                  </Field>
                );
              case "date":
                return (
                  <Field key={q.name} label={q.label} name={`answer.${q.name}`} error={errors[q.name]}>
                    {(props) => <input {...props} type="date" defaultValue={current} className={inputClasses} />}
                  </Field>
                );
              default:
                return (
                  <Field key={q.name} label={q.label} name={`answer.${q.name}`} error={errors[q.name]}>
                    {(props) => <textarea {...props} rows={2} defaultValue={current} className={inputClasses} />}
                  </Field>
                );
            }
          })}
          <Field label="Notes" name="notes" error={errors.notes}>
            {(props) => <textarea {...props} rows={4} defaultValue={detail.notes} className={inputClasses} />}
          </Field>
        </div>
        {form.questions.some((q) => q.type === "conversation") ? null : (
          <section aria-label="Conversation" className="rounded-lg bg-slate-100/60 p-3 ring-1 ring-slate-200">
            <Thread caseId={detail.id} messages={detail.messages} events={detail.events} statusLabels={statusLabels} />
          </section>
        )}
      </div>
    </form>
  );
}
