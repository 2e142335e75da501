"use client";

import { useState } from "react";
import {
  moveQuestionAction,
  removeQuestionAction,
  saveCaseSettingsAction,
  saveQuestionAction,
} from "@/app/(app)/admin/surveys/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClasses, type FieldProps } from "@/components/ui/field";
import type { QuestionChoice } from "@/lib/db/schema";
import { choicesToText, QUESTION_TYPES, TYPE_LABELS, type QuestionType } from "@/lib/surveys/question-rules";
import { ActionForm } from "@/components/ui/action-form";

export type EditorQuestion = { id: number; name: string; label: string; type: QuestionType; choices: QuestionChoice[]; required: boolean };

export function QuestionForm({ surveyId, question }: { surveyId: number; question?: EditorQuestion }) {
  const [type, setType] = useState<QuestionType>(question?.type ?? "text");
  return (
    <ActionForm action={saveQuestionAction} submitLabel={question ? "Save question" : "Add question"} resetOnSuccess={!question}>
      {(state) => {
        const errors = state?.fieldErrors ?? {};
        return (
          <>
            <input type="hidden" name="surveyId" value={surveyId} />
            {question ? <input type="hidden" name="questionId" value={question.id} /> : null}
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Label" name="label" error={errors.label}>
                {(props) => <input {...props} defaultValue={question?.label ?? ""} className={inputClasses} />}
              </Field>
              {question ? (
                <div>
                  <p className="block text-sm font-medium text-slate-700">Name</p>
                  <p className="mt-1 py-2 font-mono text-sm text-slate-600">{question.name}</p>
                </div>
              ) : (
                <Field label="Name" name="name" error={errors.name}>
                  {(props) => <input {...props} placeholder="made from the label" className={`${inputClasses} font-mono`} />}
                </Field>
              )}
              <Field label="Type" name="type">
                {(props) => (
                  <select {...props} value={type} onChange={(e) => setType(e.target.value as QuestionType)} className={inputClasses}>
                    {QUESTION_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {type === "select_one" ? (
              <Field label="Choices" hint='One per line, e.g. "Resolved" or "done = Resolved".' name="choices" error={errors.choices}>
                {(props) => <textarea {...props} rows={4} defaultValue={question ? choicesToText(question.choices) : ""} className={inputClasses} />}
              </Field>
            ) : errors.choices ? (
              <p className="text-sm text-rose-600">{errors.choices}</p>
            ) : null}
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name="required" defaultChecked={question?.required ?? false} /> Required
            </label>
          </>
        );
      }}
    </ActionForm>
  );
}

export function QuestionRow({
  surveyId,
  question,
  isStatus,
  first,
  last,
}: {
  surveyId: number;
  question: EditorQuestion;
  isStatus: boolean;
  first: boolean;
  last: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="px-4 py-3" data-testid="question-row">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{question.label}</span>
        <span className="font-mono text-xs text-slate-500">{question.name}</span>
        <Badge>{TYPE_LABELS[question.type]}</Badge>
        {isStatus ? <Badge tone="indigo">Status question</Badge> : null}
        {question.required ? <Badge tone="amber">Required</Badge> : null}
        <div className="ml-auto flex items-center gap-1">
          <MoveButton surveyId={surveyId} questionId={question.id} direction="up" disabled={first} />
          <MoveButton surveyId={surveyId} questionId={question.id} direction="down" disabled={last} />
          <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Remove ${question.label}`}>
            Remove
          </Button>
        </div>
      </div>
      {question.type === "select_one" ? (
        <p className="mt-1 text-sm text-slate-600">{question.choices.map((c) => c.label).join(" · ")}</p>
      ) : null}
      <details className="mt-2">
        <summary className="cursor-pointer text-sm font-medium text-indigo-700">Edit</summary>
        <div className="mt-3 rounded-md bg-slate-50 p-4 ring-1 ring-inset ring-slate-200">
          <QuestionForm surveyId={surveyId} question={question} />
        </div>
      </details>
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={`Remove “${question.label}”?`}>
        <ActionForm action={removeQuestionAction} submitLabel="Remove" submitVariant="danger" pendingLabel="Removing…" footerClassName="flex justify-end gap-2">
          {() => (
            <>
              <input type="hidden" name="surveyId" value={surveyId} />
              <input type="hidden" name="questionId" value={question.id} />
              <p className="text-sm text-slate-700">
                {isStatus
                  ? "This is the status question. Removing it turns cases off for this survey: every message will then create a new record."
                  : "Its answers stay in existing records but are no longer shown."}
              </p>
              <div className="flex justify-end">
                <Button variant="secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
              </div>
            </>
          )}
        </ActionForm>
      </Dialog>
    </li>
  );
}

function MoveButton({ surveyId, questionId, direction, disabled }: { surveyId: number; questionId: number; direction: "up" | "down"; disabled: boolean }) {
  return (
    <form action={async (formData) => void (await moveQuestionAction(null, formData))}>
      <input type="hidden" name="surveyId" value={surveyId} />
      <input type="hidden" name="questionId" value={questionId} />
      <input type="hidden" name="direction" value={direction} />
      <button
        type="submit"
        disabled={disabled}
        aria-label={`Move ${direction}`}
        className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 disabled:text-slate-300"
      >
        {direction === "up" ? "↑" : "↓"}
      </button>
    </form>
  );
}

/** The status question, its closing value and the default status (SPEC §1). */
export function CaseSettingsForm({
  surveyId,
  questions,
  statusQuestionId,
  closingValue,
  defaultStatus,
  firstReplyAssigns,
}: {
  surveyId: number;
  questions: EditorQuestion[];
  statusQuestionId: number | null;
  closingValue: string | null;
  defaultStatus: string | null;
  firstReplyAssigns: boolean;
}) {
  const selectable = questions.filter((q) => q.type === "select_one");
  const [chosen, setChosen] = useState<number | null>(statusQuestionId);
  const choices = selectable.find((q) => q.id === chosen)?.choices ?? [];
  return (
    <ActionForm action={saveCaseSettingsAction} submitLabel="Save case settings">
      {(state) => {
        const errors = state?.fieldErrors ?? {};
        return (
          <>
            <input type="hidden" name="surveyId" value={surveyId} />
            <Field
              label="Status question"
              hint="A select-one question. With it, messages from one number gather in an open case."
              name="statusQuestionId"
              error={errors.statusQuestionId}
            >
              {(props) => (
                <select {...props} value={chosen ?? ""} onChange={(e) => setChosen(Number(e.target.value) || null)} className={inputClasses}>
                  <option value="">None (cases off)</option>
                  {selectable.map((q) => (
                    <option key={q.id} value={q.id}>
                      {q.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {chosen ? (
              <div className="grid gap-4">
                <Field label="Closing value" hint="The status that closes a case." name="closingValue" error={errors.closingValue}>
                  {(props) => (
                    <ChoiceSelect fieldProps={props} key={chosen} choices={choices} defaultValue={closingValue} empty="Choose…" />
                  )}
                </Field>
                <Field label="Default status (optional)" hint="The status of a new case." name="defaultStatus" error={errors.defaultStatus}>
                  {(props) => (
                    <ChoiceSelect fieldProps={props} key={chosen} choices={choices} defaultValue={defaultStatus} empty="None" />
                  )}
                </Field>
                <label className="flex items-start gap-2 text-sm text-slate-700">
                  <input type="checkbox" name="firstReplyAssigns" defaultChecked={firstReplyAssigns} className="mt-0.5" />
                  <span>
                    First reply assigns
                    <span className="block text-slate-500">A reply to an unassigned case assigns it to whoever sent it.</span>
                  </span>
                </label>
              </div>
            ) : selectable.length === 0 ? (
              <p className="text-sm text-slate-600">Add a select-one question (for example “Status” with New, In progress, Resolved) to use it here.</p>
            ) : null}
          </>
        );
      }}
    </ActionForm>
  );
}

function ChoiceSelect({
  fieldProps,
  choices,
  defaultValue,
  empty,
}: {
  fieldProps: FieldProps;
  choices: QuestionChoice[];
  defaultValue: string | null;
  empty: string;
}) {
  return (
    <select {...fieldProps} defaultValue={defaultValue ?? ""} className={inputClasses}>
      <option value="">{empty}</option>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
