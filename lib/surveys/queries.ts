import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { QuestionForAnswers } from "./answers";
import type { CurrentUser } from "@/lib/auth/access";
import { visibleSurveyIds } from "@/lib/auth/access";
import { getDb, type Database } from "@/lib/db/client";
import { surveyQuestions, surveys } from "@/lib/db/schema";

export type SurveySummary = { id: number; name: string; casesEnabled: boolean };

/** The surveys (not archived) a user may open in the console, by name. */
export async function listVisibleSurveys({ user }: { user: CurrentUser }): Promise<SurveySummary[]> {
  const visible = await visibleSurveyIds({ user });
  if (visible !== "all" && visible.length === 0) return [];
  const rows = await getDb()
    .select({ id: surveys.id, name: surveys.name, statusQuestionId: surveys.statusQuestionId, closingValue: surveys.closingValue })
    .from(surveys)
    .where(and(isNull(surveys.archivedAt), visible === "all" ? undefined : inArray(surveys.id, visible)))
    .orderBy(asc(surveys.name), asc(surveys.id));
  return rows.map((r) => ({ id: r.id, name: r.name, casesEnabled: r.statusQuestionId !== null && r.closingValue !== null }));
}

export async function listAllSurveys(): Promise<Array<SurveySummary & { archived: boolean }>> {
  const rows = await getDb()
    .select({ id: surveys.id, name: surveys.name, statusQuestionId: surveys.statusQuestionId, closingValue: surveys.closingValue, archivedAt: surveys.archivedAt })
    .from(surveys)
    .orderBy(asc(surveys.name), asc(surveys.id));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    casesEnabled: r.statusQuestionId !== null && r.closingValue !== null,
    archived: r.archivedAt !== null,
  }));
}

export async function getSurvey({ id }: { id: number }) {
  const [row] = await getDb().select().from(surveys).where(eq(surveys.id, id)).limit(1);
  return row ?? null;
}

export type SurveyForm = {
  id: number;
  name: string;
  questions: Array<QuestionForAnswers & { id: number }>;
  statusQuestionName: string | null;
  closingValue: string | null;
  defaultStatus: string | null;
};

/**
 * A survey's questions in order, and its case settings (status question, closing value).
 * Inside a transaction, pass `lockedBy` it: the survey row is then share-locked, so case
 * settings cannot change until that transaction ends.
 */
export async function getSurveyForm({ surveyId }: { surveyId: number }, lockedBy?: Pick<Database, "select">): Promise<SurveyForm | null> {
  const db = lockedBy ?? getDb();
  const survey = lockedBy
    ? (await db.select().from(surveys).where(eq(surveys.id, surveyId)).for("share").limit(1))[0]
    : (await db.select().from(surveys).where(eq(surveys.id, surveyId)).limit(1))[0];
  if (!survey) return null;
  const questions = await db
    .select({
      id: surveyQuestions.id,
      name: surveyQuestions.name,
      label: surveyQuestions.label,
      type: surveyQuestions.type,
      choices: surveyQuestions.choices,
      required: surveyQuestions.required,
    })
    .from(surveyQuestions)
    .where(eq(surveyQuestions.surveyId, surveyId))
    .orderBy(asc(surveyQuestions.position), asc(surveyQuestions.id));
  const status = questions.find((q) => q.id === survey.statusQuestionId) ?? null;
  return {
    id: survey.id,
    name: survey.name,
    questions,
    statusQuestionName: status?.name ?? null,
    closingValue: survey.closingValue,
    defaultStatus: survey.defaultStatus,
  };
}
