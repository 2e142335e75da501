// Canned replies per survey (SPEC §9): anyone who may see the survey lists them (the composer's
// `/`); owners and admins add, change and delete them (Admin > Surveys > the survey, and the
// API). A name is unique in its survey ignoring case: the unique index decides, so two admins
// saving the same name at once get one reply and one clear field error.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { auditDiff } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, requireVisibleSurvey, visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction } from "@/lib/db/client";
import { sqlState } from "@/lib/db/errors";
import { cannedReplies, surveys, type CannedReply } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { checkCannedReply, nameTakenError, type CannedReplyEntry, type CannedReplyInput } from "./rules";

export type CannedReplyResult = { ok: true; reply: CannedReplyEntry } | { ok: false; fieldErrors: Record<string, string> };

function entry(row: CannedReply): CannedReplyEntry {
  return { id: row.id, surveyId: row.surveyId, name: row.name, text: row.text, updatedAt: row.updatedAt.toISOString() };
}

const NOT_FOUND = "That canned reply does not exist (any more).";

/**
 * One survey's canned replies (404 if the actor may not see it), or — without a survey — those
 * of every survey the actor may see; by name.
 */
export async function listCannedReplies(actor: CurrentUser, { surveyId }: { surveyId?: number } = {}): Promise<CannedReplyEntry[]> {
  const db = getDb();
  if (surveyId !== undefined) await requireVisibleSurvey(actor, surveyId, db);
  const rows = await db
    .select()
    .from(cannedReplies)
    .where(and(surveyId !== undefined ? eq(cannedReplies.surveyId, surveyId) : undefined, visibleSurveys(actor, cannedReplies.surveyId)))
    .orderBy(asc(sql`lower(${cannedReplies.name})`), asc(cannedReplies.surveyId), asc(cannedReplies.id));
  return rows.map(entry);
}

export async function createCannedReply(actor: CurrentUser, input: CannedReplyInput & { surveyId: number }): Promise<CannedReplyResult> {
  assertRole(actor, ADMIN_ROLES);
  const checked = checkCannedReply(input);
  if (!checked.ok) return checked;
  try {
    const row = await transaction(async (tx) => {
      const [survey] = await tx.select({ id: surveys.id }).from(surveys).where(eq(surveys.id, input.surveyId)).limit(1);
      if (!survey) throw new AppError("not_found", "Survey not found.");
      const [created] = await tx
        .insert(cannedReplies)
        .values({ surveyId: input.surveyId, name: checked.name, text: checked.text, createdBy: actor.id })
        .returning();
      await recordAudit(tx, actor, {
        action: "canned_reply.created",
        surveyId: input.surveyId,
        target: `canned_reply:${created!.id}`,
        after: { name: checked.name, text: checked.text },
      });
      return created!;
    });
    return { ok: true, reply: entry(row) };
  } catch (error) {
    if (sqlState(error) === "23505") return { ok: false, fieldErrors: { name: nameTakenError(checked.name) } };
    throw error;
  }
}

/** A change of the name, the text or both; a field left out keeps its value. */
export async function updateCannedReply(actor: CurrentUser, id: number, change: Partial<CannedReplyInput>): Promise<CannedReplyResult> {
  assertRole(actor, ADMIN_ROLES);
  let name = change.name;
  try {
    return await transaction(async (tx): Promise<CannedReplyResult> => {
      const [before] = await tx.select().from(cannedReplies).where(eq(cannedReplies.id, id)).for("update").limit(1);
      if (!before) throw new AppError("not_found", NOT_FOUND);
      const checked = checkCannedReply({ name: change.name ?? before.name, text: change.text ?? before.text });
      if (!checked.ok) return checked;
      name = checked.name;
      const diff = auditDiff({ name: before.name, text: before.text }, { name: checked.name, text: checked.text });
      if (!diff) return { ok: true, reply: entry(before) };
      const [after] = await tx
        .update(cannedReplies)
        .set({ name: checked.name, text: checked.text, updatedAt: new Date() })
        .where(eq(cannedReplies.id, id))
        .returning();
      await recordAudit(tx, actor, { action: "canned_reply.updated", surveyId: before.surveyId, target: `canned_reply:${id}`, ...diff });
      return { ok: true, reply: entry(after!) };
    });
  } catch (error) {
    if (sqlState(error) === "23505") return { ok: false, fieldErrors: { name: nameTakenError(name ?? "") } };
    throw error;
  }
}

/** Deletes the reply and answers it as it was; 404 when it does not exist. */
export async function deleteCannedReply(actor: CurrentUser, id: number): Promise<CannedReplyEntry> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    const [removed] = await tx.delete(cannedReplies).where(eq(cannedReplies.id, id)).returning();
    if (!removed) throw new AppError("not_found", NOT_FOUND);
    await recordAudit(tx, actor, {
      action: "canned_reply.deleted",
      surveyId: removed.surveyId,
      target: `canned_reply:${id}`,
      before: { name: removed.name, text: removed.text },
    });
    return entry(removed);
  });
}
