"use client";

import { archiveSurveyAction, createSurveyAction, renameSurveyAction } from "@/app/(app)/admin/surveys/actions";
import { Field, inputClasses } from "@/components/ui/field";
import { ActionForm } from "@/components/ui/action-form";

export function CreateSurveyForm() {
  return (
    <ActionForm action={createSurveyAction} submitLabel="Create survey" pendingLabel="Creating…" resetOnSuccess>
      {(state) => (
        <Field label="Name" name="name" error={state?.fieldErrors?.name}>
          {(props) => <input {...props} placeholder="e.g. Customer support" className={inputClasses} />}
        </Field>
      )}
    </ActionForm>
  );
}

export function RenameSurveyForm({ surveyId, name }: { surveyId: number; name: string }) {
  return (
    <ActionForm action={renameSurveyAction} submitLabel="Rename" submitVariant="secondary" className="flex flex-wrap items-end gap-2" footerClassName="">
      {(state) => (
        <>
          <input type="hidden" name="surveyId" value={surveyId} />
          <div className="min-w-64 flex-1">
            <Field label="Survey name" name="name" error={state?.fieldErrors?.name}>
              {(props) => <input {...props} defaultValue={name} className={inputClasses} />}
            </Field>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function ArchiveSurveyForm({ surveyId, archived }: { surveyId: number; archived: boolean }) {
  return (
    <ActionForm action={archiveSurveyAction} submitLabel={archived ? "Restore" : "Archive"} submitVariant="secondary" className="flex items-center gap-2" footerClassName="">
      {() => (
        <>
          <input type="hidden" name="surveyId" value={surveyId} />
          <input type="hidden" name="archived" value={archived ? "false" : "true"} />
        </>
      )}
    </ActionForm>
  );
}
