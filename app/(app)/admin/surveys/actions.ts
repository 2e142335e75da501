"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { action, fieldErrors } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { idField } from "@/lib/http/form-schemas";
import {
  addQuestion,
  createSurveyAsAdmin,
  moveQuestion,
  removeQuestion,
  renameSurvey,
  saveCaseSettings,
  setSurveyArchived,
  updateQuestion,
} from "@/lib/surveys/editor";
import { parseChoices, QUESTION_TYPES } from "@/lib/surveys/question-rules";
import { parseSettingText, type ServiceLevels } from "@/lib/service-levels/rules";
import { saveServiceLevels } from "@/lib/service-levels/settings";

function done(surveyId: number | null, message: string): FormResult {
  revalidatePath("/admin/surveys");
  if (surveyId) revalidatePath(`/admin/surveys/${surveyId}`);
  return { ok: true, message };
}

const nameField = z.string().max(1000).default("");

export const createSurveyAction = action({ roles: ADMIN_ROLES, schema: z.object({ name: nameField }) }, async (input, actor): Promise<FormResult> => {
  const result = await createSurveyAsAdmin(actor, input);
  return result.ok ? done(null, "Survey created.") : fieldErrors(result.fieldErrors);
});

export const renameSurveyAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ surveyId: idField, name: nameField }) },
  async ({ surveyId, name }, actor): Promise<FormResult> => {
    const result = await renameSurvey(actor, surveyId, { name });
    return result.ok ? done(surveyId, "Renamed.") : fieldErrors(result.fieldErrors);
  },
);

export const archiveSurveyAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ surveyId: idField, archived: z.enum(["true", "false"]) }) },
  async ({ surveyId, archived }, actor): Promise<FormResult> => {
    await setSurveyArchived(actor, surveyId, archived === "true");
    return done(surveyId, archived === "true" ? "Archived: it no longer shows in the console." : "Restored.");
  },
);

export const saveQuestionAction = action(
  {
    roles: ADMIN_ROLES,
    schema: z.object({
      surveyId: idField,
      questionId: idField.optional(),
      label: z.string().max(1000).default(""),
      name: z.string().max(100).default(""),
      type: z.enum(QUESTION_TYPES),
      choices: z.string().max(20_000).default(""),
      required: z.literal("on").optional(),
    }),
  },
  async (q, actor): Promise<FormResult> => {
    let choices: Array<{ value: string; label: string }> = [];
    if (q.type === "select_one") {
      const parsedChoices = parseChoices(q.choices);
      if (!parsedChoices.ok) return fieldErrors({ choices: parsedChoices.error });
      choices = parsedChoices.choices;
    }
    const input = { label: q.label, name: q.name, type: q.type, choices, required: q.required === "on" };
    const result = q.questionId ? await updateQuestion(actor, q.questionId, input) : await addQuestion(actor, q.surveyId, input);
    if (!result.ok) return fieldErrors(result.fieldErrors);
    return done(q.surveyId, q.questionId ? "Question saved." : "Question added.");
  },
);

export const moveQuestionAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ surveyId: idField, questionId: idField, direction: z.enum(["up", "down"]) }) },
  async ({ surveyId, questionId, direction }, actor): Promise<FormResult> => {
    await moveQuestion(actor, questionId, direction === "up" ? -1 : 1);
    return done(surveyId, "Moved.");
  },
);

export const removeQuestionAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ surveyId: idField, questionId: idField }) },
  async ({ surveyId, questionId }, actor): Promise<FormResult> => {
    const { casesDisabled } = await removeQuestion(actor, questionId);
    return done(surveyId, casesDisabled ? "Question removed; cases are now off for this survey." : "Question removed.");
  },
);

export const saveCaseSettingsAction = action(
  {
    roles: ADMIN_ROLES,
    schema: z.object({
      surveyId: idField,
      // "" (none) turns cases off.
      statusQuestionId: z.union([z.literal(""), idField]).default(""),
      closingValue: z.string().max(500).default(""),
      defaultStatus: z.string().max(500).default(""),
      // A checkbox: present ("on") when ticked, absent otherwise.
      firstReplyAssigns: z.literal("on").optional(),
    }),
  },
  async ({ surveyId, statusQuestionId, closingValue, defaultStatus, firstReplyAssigns }, actor): Promise<FormResult> => {
    const questionId = statusQuestionId === "" ? null : statusQuestionId;
    const result = await saveCaseSettings(actor, surveyId, {
      statusQuestionId: questionId,
      closingValue,
      defaultStatus,
      firstReplyAssigns: firstReplyAssigns === "on",
    });
    if (!result.ok) return fieldErrors(result.fieldErrors);
    return done(surveyId, questionId ? "Case settings saved: cases are on." : "Case settings saved: cases are off.");
  },
);

// SPEC §13: the survey's service levels and closing by time; empty fields turn them off.
export const saveServiceLevelsAction = action(
  {
    roles: ADMIN_ROLES,
    schema: z.object({
      surveyId: idField,
      firstResponseMinutes: z.string().max(50).default(""),
      nextResponseMinutes: z.string().max(50).default(""),
      autoCloseDays: z.string().max(50).default(""),
    }),
  },
  async ({ surveyId, ...fields }, actor): Promise<FormResult> => {
    const parsed = Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, parseSettingText(text)]));
    const notNumbers = Object.fromEntries(
      Object.entries(parsed)
        .filter(([, value]) => value === "invalid")
        .map(([name]) => [name, "Write a whole number (digits only), or leave it empty for none."]),
    );
    if (Object.keys(notNumbers).length) return fieldErrors(notNumbers);
    const result = await saveServiceLevels(actor, surveyId, parsed as Partial<ServiceLevels>);
    if (!result.ok) return fieldErrors(result.fieldErrors);
    return done(surveyId, "Service levels saved.");
  },
);
