// Admin > Surveys and the online survey editor. Every function checks the actor's role.
import "server-only";
import { and, asc, eq, gt, lt, desc, max, sql } from "drizzle-orm";
import { auditDiff } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { type Tx, transaction } from "@/lib/db/client";
import { LOCK_SPACE } from "@/lib/db/locks";
import { surveyQuestions, surveys, type QuestionChoice, type SurveyQuestion } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { checkCaseSettings, checkQuestionName, slugify, type QuestionType } from "./question-rules";


export type FieldResult = { ok: true; id: number } | { ok: false; fieldErrors: Record<string, string> };

function checkName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return "Give the survey a name.";
  return trimmed.length > 120 ? "A survey name can be at most 120 characters." : null;
}

export async function createSurveyAsAdmin(actor: CurrentUser, { name }: { name: string }): Promise<FieldResult> {
  assertRole(actor, ADMIN_ROLES);
  const error = checkName(name);
  if (error) return { ok: false, fieldErrors: { name: error } };
  const id = await transaction((tx) => insertSurvey(tx, actor, name.trim()));
  return { ok: true, id };
}

/** Inside the caller's transaction (the demo checks there is no survey in the same one). */
export async function insertSurvey(tx: Tx, actor: CurrentUser, name: string): Promise<number> {
  const [row] = await tx.insert(surveys).values({ name }).returning({ id: surveys.id });
  await recordAudit(tx, actor, { action: "survey.created", surveyId: row!.id, after: { name } });
  return row!.id;
}

export async function renameSurvey(actor: CurrentUser, surveyId: number, { name }: { name: string }): Promise<FieldResult> {
  assertRole(actor, ADMIN_ROLES);
  const error = checkName(name);
  if (error) return { ok: false, fieldErrors: { name: error } };
  await transaction(async (tx) => {
    const survey = await lockSurvey(tx, surveyId);
    await tx.update(surveys).set({ name: name.trim(), updatedAt: new Date() }).where(eq(surveys.id, surveyId));
    const diff = auditDiff({ name: survey.name }, { name: name.trim() });
    if (diff) await recordAudit(tx, actor, { action: "survey.renamed", surveyId, ...diff });
  });
  return { ok: true, id: surveyId };
}

/** Archived surveys leave the console; their cases and links stay. */
export async function setSurveyArchived(actor: CurrentUser, surveyId: number, archived: boolean): Promise<void> {
  assertRole(actor, ADMIN_ROLES);
  await transaction(async (tx) => {
    const [row] = await tx
      .update(surveys)
      .set({ archivedAt: archived ? new Date() : null, updatedAt: new Date() })
      .where(eq(surveys.id, surveyId))
      .returning({ id: surveys.id });
    if (row) await recordAudit(tx, actor, { action: archived ? "survey.archived" : "survey.unarchived", surveyId });
  });
}

export type QuestionInput = { label: string; name?: string; type: QuestionType; choices: QuestionChoice[]; required: boolean };

function checkQuestion(input: QuestionInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input.label.trim()) errors.label = "Give the question a label.";
  else if (input.label.length > 500) errors.label = "A label can be at most 500 characters.";
  if (input.type === "select_one" && input.choices.length === 0) errors.choices = "A select-one question needs at least one choice.";
  return errors;
}

export async function addQuestion(actor: CurrentUser, surveyId: number, input: QuestionInput): Promise<FieldResult> {
  assertRole(actor, ADMIN_ROLES);
  const fieldErrors = checkQuestion(input);
  const name = (input.name?.trim() || slugify(input.label)).toLowerCase();
  const nameError = checkQuestionName(name);
  if (nameError) fieldErrors.name = nameError;
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  return transaction(async (tx) => {
    await lockSurvey(tx, surveyId);
    const [taken] = await tx
      .select({ id: surveyQuestions.id })
      .from(surveyQuestions)
      .where(and(eq(surveyQuestions.surveyId, surveyId), eq(surveyQuestions.name, name)))
      .limit(1);
    if (taken) return { ok: false, fieldErrors: { name: `This survey already has a question named “${name}”.` } } as const;
    const [last] = await tx
      .select({ position: max(surveyQuestions.position) })
      .from(surveyQuestions)
      .where(eq(surveyQuestions.surveyId, surveyId));
    const [row] = await tx
      .insert(surveyQuestions)
      .values({
        surveyId,
        position: (last?.position ?? 0) + 1,
        name,
        label: input.label.trim(),
        type: input.type,
        choices: input.type === "select_one" ? input.choices : [],
        required: input.required,
      })
      .returning();
    await recordAudit(tx, actor, { action: "survey.question_added", surveyId, target: `question:${row!.id}`, after: questionSnapshot(row!) });
    return { ok: true, id: row!.id } as const;
  });
}

export async function updateQuestion(actor: CurrentUser, questionId: number, input: QuestionInput): Promise<FieldResult> {
  assertRole(actor, ADMIN_ROLES);
  const fieldErrors = checkQuestion(input);
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  return transaction(async (tx) => {
    const question = await loadQuestion(tx, questionId);
    const survey = await lockSurvey(tx, question.surveyId);
    if (survey.statusQuestionId === questionId) {
      // The status question must keep working: still select-one, still offering the closing value.
      const errors = checkCaseSettings({
        statusQuestion: { type: input.type, choices: input.choices },
        closingValue: survey.closingValue,
        defaultStatus: survey.defaultStatus,
      });
      if (Object.keys(errors).length) {
        return { ok: false, fieldErrors: { choices: Object.values(errors).join(" ") + " Change the case settings first." } } as const;
      }
    }
    const [row] = await tx
      .update(surveyQuestions)
      .set({ label: input.label.trim(), type: input.type, choices: input.type === "select_one" ? input.choices : [], required: input.required })
      .where(eq(surveyQuestions.id, questionId))
      .returning();
    const diff = auditDiff(questionSnapshot(question), questionSnapshot(row!));
    if (diff) await recordAudit(tx, actor, { action: "survey.question_changed", surveyId: question.surveyId, target: `question:${questionId}`, ...diff });
    return { ok: true, id: questionId } as const;
  });
}

/** Swaps a question with its neighbour above (-1) or below (+1). */
export async function moveQuestion(actor: CurrentUser, questionId: number, direction: -1 | 1): Promise<void> {
  assertRole(actor, ADMIN_ROLES);
  await transaction(async (tx) => {
    const question = await loadQuestion(tx, questionId);
    await lockSurvey(tx, question.surveyId);
    const [neighbour] = await tx
      .select()
      .from(surveyQuestions)
      .where(
        and(
          eq(surveyQuestions.surveyId, question.surveyId),
          direction < 0 ? lt(surveyQuestions.position, question.position) : gt(surveyQuestions.position, question.position),
        ),
      )
      .orderBy(direction < 0 ? desc(surveyQuestions.position) : asc(surveyQuestions.position))
      .limit(1);
    if (!neighbour) return;
    await tx.update(surveyQuestions).set({ position: neighbour.position }).where(eq(surveyQuestions.id, question.id));
    await tx.update(surveyQuestions).set({ position: question.position }).where(eq(surveyQuestions.id, neighbour.id));
    await recordAudit(tx, actor, {
      action: "survey.question_moved",
      surveyId: question.surveyId,
      target: `question:${questionId}`,
      before: { name: question.name, position: question.position },
      after: { name: question.name, position: neighbour.position },
    });
  });
}

/** Removing the status question disables cases for the survey (the editor asks first). */
export async function removeQuestion(actor: CurrentUser, questionId: number): Promise<{ casesDisabled: boolean }> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    const question = await loadQuestion(tx, questionId);
    await lockCaseSettings(tx, question.surveyId);
    const survey = await lockSurvey(tx, question.surveyId);
    const wasStatus = survey.statusQuestionId === questionId;
    if (wasStatus) await applyCaseSettings(tx, survey.id, { statusQuestionId: null, statusName: null, closingValue: null, defaultStatus: null });
    await tx.delete(surveyQuestions).where(eq(surveyQuestions.id, questionId));
    await recordAudit(tx, actor, {
      action: "survey.question_removed",
      surveyId: question.surveyId,
      target: `question:${questionId}`,
      before: questionSnapshot(question),
      after: wasStatus ? { casesEnabled: false } : null,
    });
    return { casesDisabled: wasStatus };
  });
}

export type CaseSettingsForm = { statusQuestionId: number | null; closingValue: string; defaultStatus: string; firstReplyAssigns?: boolean };

export async function saveCaseSettings(actor: CurrentUser, surveyId: number, input: CaseSettingsForm): Promise<FieldResult> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    await lockCaseSettings(tx, surveyId);
    const survey = await lockSurvey(tx, surveyId);
    const status = input.statusQuestionId ? await loadQuestion(tx, input.statusQuestionId) : null;
    if (status && status.surveyId !== surveyId) throw new AppError("not_found", "Question not found.");
    const closingValue = input.closingValue || null;
    const defaultStatus = input.defaultStatus || null;
    const fieldErrors = checkCaseSettings({ statusQuestion: status, closingValue, defaultStatus });
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors } as const;
    const settings = {
      statusQuestionId: status?.id ?? null,
      statusName: status?.name ?? null,
      closingValue: status ? closingValue : null,
      defaultStatus: status ? defaultStatus : null,
    };
    await applyCaseSettings(tx, surveyId, settings);
    const firstReplyAssigns = input.firstReplyAssigns ?? survey.firstReplyAssigns;
    if (firstReplyAssigns !== survey.firstReplyAssigns) await tx.update(surveys).set({ firstReplyAssigns }).where(eq(surveys.id, surveyId));
    const diff = auditDiff(
      {
        statusQuestionId: survey.statusQuestionId,
        closingValue: survey.closingValue,
        defaultStatus: survey.defaultStatus,
        firstReplyAssigns: survey.firstReplyAssigns,
      },
      { statusQuestionId: settings.statusQuestionId, closingValue: settings.closingValue, defaultStatus: settings.defaultStatus, firstReplyAssigns },
    );
    if (diff) await recordAudit(tx, actor, { action: "survey.case_settings_changed", surveyId, ...diff });
    return { ok: true, id: surveyId } as const;
  });
}

/**
 * Stores the case settings and brings every record of the survey in line (SPEC §1): its
 * status is the status question's answer, and it is open unless that equals the closing value.
 */
async function applyCaseSettings(
  tx: Tx,
  surveyId: number,
  s: { statusQuestionId: number | null; statusName: string | null; closingValue: string | null; defaultStatus: string | null },
) {
  await tx
    .update(surveys)
    .set({ statusQuestionId: s.statusQuestionId, closingValue: s.closingValue, defaultStatus: s.defaultStatus, updatedAt: new Date() })
    .where(eq(surveys.id, surveyId));
  if (s.statusName && s.closingValue) {
    await tx.execute(sql`
      update cases set status = answers ->> ${s.statusName},
                       open = (answers ->> ${s.statusName}) is distinct from ${s.closingValue}
      where survey_id = ${surveyId}`);
  } else {
    await tx.execute(sql`update cases set open = false where survey_id = ${surveyId} and open`);
  }
}

/** What the audit log keeps of a question. */
function questionSnapshot(q: Pick<SurveyQuestion, "name" | "label" | "type" | "choices" | "required">) {
  return { name: q.name, label: q.label, type: q.type, choices: q.choices.map((c) => (c.label === c.value ? c.value : `${c.label} (${c.value})`)), required: q.required };
}

async function loadQuestion(tx: Tx, questionId: number) {
  const [question] = await tx.select().from(surveyQuestions).where(eq(surveyQuestions.id, questionId)).limit(1);
  if (!question) throw new AppError("not_found", "Question not found.");
  return question;
}

/**
 * Case settings change while no message is being routed into the survey (routing holds this
 * lock shared: lib/inbound/route-inbound.ts), so the open flags recomputed below include
 * every case. Taken before the survey's row lock, as routing takes it before touching rows.
 */
async function lockCaseSettings(tx: Tx, surveyId: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE.caseSettings}, ${surveyId})`);
}

/** One editor change at a time per survey. */
async function lockSurvey(tx: Tx, surveyId: number) {
  const [survey] = await tx.select().from(surveys).where(eq(surveys.id, surveyId)).for("update").limit(1);
  if (!survey) throw new AppError("not_found", "Survey not found.");
  return survey;
}
