import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { QuestionForAnswers } from "./answers";
import { ADMIN_ROLES, assertRole, requireVisibleSurvey, visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { getDb, type Executor, type Tx } from "@/lib/db/client";
import { surveyQuestions, surveys, type Survey } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";

export type SurveySummary = { id: number; name: string; casesEnabled: boolean };

function summary(row: Pick<Survey, "id" | "name" | "statusQuestionId" | "closingValue">): SurveySummary {
  return { id: row.id, name: row.name, casesEnabled: row.statusQuestionId !== null && row.closingValue !== null };
}

/** The surveys (not archived) the actor may open in the console, by name. */
export async function listVisibleSurveys(actor: CurrentUser): Promise<SurveySummary[]> {
  const rows = await getDb()
    .select()
    .from(surveys)
    .where(and(isNull(surveys.archivedAt), visibleSurveys(actor, surveys.id)))
    .orderBy(asc(surveys.name), asc(surveys.id));
  return rows.map(summary);
}

/** Every survey, archived ones too (Admin > Surveys, survey access in Admin > Users). */
export async function listAllSurveys(actor: CurrentUser): Promise<Array<SurveySummary & { archived: boolean }>> {
  assertRole(actor, ADMIN_ROLES);
  const rows = await getDb().select().from(surveys).orderBy(asc(surveys.name), asc(surveys.id));
  return rows.map((r) => ({ ...summary(r), archived: r.archivedAt !== null }));
}

/** One survey for its editor (admins). */
export async function getSurveyAsAdmin(actor: CurrentUser, surveyId: number): Promise<Survey> {
  assertRole(actor, ADMIN_ROLES);
  const [row] = await getDb().select().from(surveys).where(eq(surveys.id, surveyId)).limit(1);
  if (!row) throw new AppError("not_found", "Survey not found.");
  return row;
}

export type SurveyForm = {
  id: number;
  name: string;
  questions: Array<QuestionForAnswers & { id: number }>;
  statusQuestionName: string | null;
  closingValue: string | null;
  defaultStatus: string | null;
};

/** A survey's questions in order and its case settings, for an actor who may see it (else 404). */
export async function getSurveyForm(actor: CurrentUser, surveyId: number): Promise<SurveyForm> {
  await requireVisibleSurvey(actor, surveyId);
  const [survey] = await getDb().select().from(surveys).where(eq(surveys.id, surveyId)).limit(1);
  if (!survey) throw new AppError("not_found", "Survey not found.");
  return readForm(getDb(), survey);
}

/**
 * The same, inside a use case's transaction that has already checked the actor's access:
 * the survey row is share-locked, so its case settings cannot change until that
 * transaction ends.
 */
export async function lockSurveyForm(tx: Tx, surveyId: number): Promise<SurveyForm> {
  const [survey] = await tx.select().from(surveys).where(eq(surveys.id, surveyId)).for("share").limit(1);
  if (!survey) throw new AppError("not_found", "Case not found.");
  return readForm(tx, survey);
}

async function readForm(db: Executor, survey: Survey): Promise<SurveyForm> {
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
    .where(eq(surveyQuestions.surveyId, survey.id))
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
