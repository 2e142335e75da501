"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guards";
import { fieldErrorsState, runAction, type ActionState } from "@/lib/http/action-state";
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

const id = z.coerce.number().int().positive();

function done(surveyId: number | null, message: string): ActionState {
  revalidatePath("/admin/surveys");
  if (surveyId) revalidatePath(`/admin/surveys/${surveyId}`);
  return { ok: true, message };
}

export async function createSurveyAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const result = await createSurveyAsAdmin(actor, { name: String(formData.get("name") ?? "") });
    if (!result.ok) return fieldErrorsState(result.fieldErrors);
    return done(null, "Survey created.");
  });
}

export async function renameSurveyAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const surveyId = id.parse(formData.get("surveyId"));
    const result = await renameSurvey(actor, surveyId, { name: String(formData.get("name") ?? "") });
    if (!result.ok) return fieldErrorsState(result.fieldErrors);
    return done(surveyId, "Renamed.");
  });
}

export async function archiveSurveyAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const surveyId = id.parse(formData.get("surveyId"));
    const archived = formData.get("archived") === "true";
    await setSurveyArchived(actor, surveyId, archived);
    return done(surveyId, archived ? "Archived: it no longer shows in the console." : "Restored.");
  });
}

const questionSchema = z.object({
  surveyId: id,
  questionId: id.optional(),
  label: z.string().max(1000).default(""),
  name: z.string().max(100).default(""),
  type: z.enum(QUESTION_TYPES),
  choices: z.string().max(20_000).default(""),
  required: z.literal("on").optional(),
});

export async function saveQuestionAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = questionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The form was not valid." };
    const q = parsed.data;
    let choices: Array<{ value: string; label: string }> = [];
    if (q.type === "select_one") {
      const parsedChoices = parseChoices(q.choices);
      if (!parsedChoices.ok) return fieldErrorsState({ choices: parsedChoices.error });
      choices = parsedChoices.choices;
    }
    const input = { label: q.label, name: q.name, type: q.type, choices, required: q.required === "on" };
    const result = q.questionId ? await updateQuestion(actor, q.questionId, input) : await addQuestion(actor, q.surveyId, input);
    if (!result.ok) return fieldErrorsState(result.fieldErrors);
    return done(q.surveyId, q.questionId ? "Question saved." : "Question added.");
  });
}

export async function moveQuestionAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const surveyId = id.parse(formData.get("surveyId"));
    await moveQuestion(actor, id.parse(formData.get("questionId")), formData.get("direction") === "up" ? -1 : 1);
    return done(surveyId, "Moved.");
  });
}

export async function removeQuestionAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const surveyId = id.parse(formData.get("surveyId"));
    const { casesDisabled } = await removeQuestion(actor, id.parse(formData.get("questionId")));
    return done(surveyId, casesDisabled ? "Question removed; cases are now off for this survey." : "Question removed.");
  });
}

export async function saveCaseSettingsAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const surveyId = id.parse(formData.get("surveyId"));
    const statusQuestionId = Number(formData.get("statusQuestionId") || 0) || null;
    const result = await saveCaseSettings(actor, surveyId, {
      statusQuestionId,
      closingValue: String(formData.get("closingValue") ?? ""),
      defaultStatus: String(formData.get("defaultStatus") ?? ""),
    });
    if (!result.ok) return fieldErrorsState(result.fieldErrors);
    return done(surveyId, statusQuestionId ? "Case settings saved: cases are on." : "Case settings saved: cases are off.");
  });
}
