"use client";

// SPEC §13: a survey's service levels and closing by time, in the survey editor. Empty = off.
import { saveServiceLevelsAction } from "@/app/(app)/admin/surveys/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Field, inputClasses } from "@/components/ui/field";
import type { ServiceLevels } from "@/lib/service-levels/rules";

const NUMBER_FIELDS: Array<{ name: keyof ServiceLevels; label: string; unit: string; hint: string }> = [
  {
    name: "firstResponseMinutes",
    label: "First response within",
    unit: "minutes",
    hint: "From a new case to its first reply (automatic replies do not count).",
  },
  {
    name: "nextResponseMinutes",
    label: "Next response within",
    unit: "minutes",
    hint: "From a message on an answered case to the next reply.",
  },
  {
    name: "autoCloseDays",
    label: "Close a case after",
    unit: "days without a message",
    hint: "Sets the status to the closing value; history says why.",
  },
];

export function ServiceLevelsForm({ surveyId, levels, casesEnabled }: { surveyId: number; levels: ServiceLevels; casesEnabled: boolean }) {
  return (
    <ActionForm action={saveServiceLevelsAction} submitLabel="Save service levels">
      {(state) => {
        const errors = state?.fieldErrors ?? {};
        return (
          <>
            <input type="hidden" name="surveyId" value={surveyId} />
            <p className="text-sm text-slate-600">
              A case past its time shows as <strong className="font-medium text-rose-700">Overdue</strong>, and its assignee (or, unassigned, the
              admins) is notified once. Leave a field empty for none.
            </p>
            {!casesEnabled ? <p className="text-sm text-amber-700">These apply once cases are on (Case settings).</p> : null}
            {NUMBER_FIELDS.map((field) => (
              <Field key={field.name} label={field.label} hint={field.hint} name={field.name} error={errors[field.name]}>
                {(props) => (
                  <div className="flex items-center gap-2">
                    <input
                      {...props}
                      inputMode="numeric"
                      pattern="[0-9]*"
                      defaultValue={levels[field.name] ?? ""}
                      placeholder="none"
                      className={`${inputClasses} max-w-28`}
                    />
                    <span className="mt-1 text-sm text-slate-600">{field.unit}</span>
                  </div>
                )}
              </Field>
            ))}
          </>
        );
      }}
    </ActionForm>
  );
}
