// The one place that answers "may this user do this to this survey or case?" (SPEC §2).
// Every use case in lib/ takes the acting user (`actor`) first and asks here; the answer
// for a survey or case the actor may not see is always the same 404 as for a missing one,
// so references cannot be probed. Queries build the rule into their own WHERE clause
// (`visibleSurveys`), so a check costs no extra round trip and runs on the caller's
// connection — inside a transaction, it sees and locks what the transaction sees.
import "server-only";
import { and, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb, type Executor } from "@/lib/db/client";
import { caseMessages, cases, mediaFiles, surveyAccess, type Case, type MediaFile, type UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";

export type CurrentUser = {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  /** For a signed-in user: the session version their session carries (lib/auth/sessions.ts). */
  sessionVersion?: number;
  /** Set when the user acts through an API token (lib/api/tokens.ts): the audit log names it. */
  tokenId?: number;
};

export const ADMIN_ROLES = ["owner", "admin"] as const satisfies readonly UserRole[];

/** Owners and admins see every survey; staff only those they are given. */
export function seesAllSurveys(actor: Pick<CurrentUser, "role">): boolean {
  return actor.role === "owner" || actor.role === "admin";
}

export function hasRole(actor: Pick<CurrentUser, "role">, roles: readonly UserRole[]): boolean {
  return roles.includes(actor.role);
}

/**
 * The role check every admin operation makes itself, whoever calls it. Refused operations
 * answer as missing (404), like pages a role may not see.
 */
export function assertRole(actor: CurrentUser, roles: readonly UserRole[]): void {
  if (!hasRole(actor, roles)) throw new AppError("not_found", "Not found.");
}

/**
 * The WHERE condition "this survey column names a survey the actor may see": nothing for
 * owners and admins, the actor's survey access for staff. Every list and lookup of cases
 * and surveys puts it in its own query.
 */
export function visibleSurveys(actor: CurrentUser, surveyId: AnyPgColumn | SQL): SQL | undefined {
  if (seesAllSurveys(actor)) return undefined;
  return sql`${surveyId} in (select ${surveyAccess.surveyId} from ${surveyAccess} where ${surveyAccess.userId} = ${actor.id})`;
}

export async function canSeeSurvey(actor: CurrentUser, surveyId: number, db: Executor = getDb()): Promise<boolean> {
  if (seesAllSurveys(actor)) return true;
  const [row] = await db
    .select({ surveyId: surveyAccess.surveyId })
    .from(surveyAccess)
    .where(and(eq(surveyAccess.userId, actor.id), eq(surveyAccess.surveyId, surveyId)))
    .limit(1);
  return Boolean(row);
}

/** A survey the actor may not see answers as missing (404). */
export async function requireVisibleSurvey(actor: CurrentUser, surveyId: number, db: Executor = getDb()): Promise<void> {
  if (!(await canSeeSurvey(actor, surveyId, db))) throw new AppError("not_found", "Survey not found.");
}

/** The surveys the actor may see: "all", or the ids of a staff user's surveys. */
export async function visibleSurveyIds(actor: CurrentUser, db: Executor = getDb()): Promise<"all" | number[]> {
  if (seesAllSurveys(actor)) return "all";
  const rows = await db.select({ surveyId: surveyAccess.surveyId }).from(surveyAccess).where(eq(surveyAccess.userId, actor.id));
  return rows.map((r) => r.surveyId);
}

/**
 * The case, when the actor may see it; a 404 otherwise (missing or another survey's — the
 * same answer). Inside a transaction, pass it as `db` and `lock: "update"` to hold the row
 * until the transaction ends (two people saving the same case apply one after the other).
 */
export async function requireVisibleCase(
  actor: CurrentUser,
  caseId: number,
  { db = getDb(), lock }: { db?: Executor; lock?: "update" } = {},
): Promise<Case> {
  const query = db
    .select()
    .from(cases)
    .where(and(eq(cases.id, caseId), visibleSurveys(actor, cases.surveyId)))
    .limit(1);
  const [row] = lock ? await query.for(lock) : await query;
  if (!row) throw new AppError("not_found", "Case not found.");
  return row;
}

/**
 * The cases holding a message that the actor may see (a message can be in several, SPEC §3):
 * none answers as a missing message (404), so messages of other surveys cannot be probed.
 */
export async function requireVisibleMessageHolders(
  actor: CurrentUser,
  messageId: number,
  db: Executor = getDb(),
): Promise<Array<{ caseId: number; surveyId: number }>> {
  const holders = await db
    .select({ caseId: cases.id, surveyId: cases.surveyId })
    .from(caseMessages)
    .innerJoin(cases, eq(cases.id, caseMessages.caseId))
    .where(and(eq(caseMessages.messageId, messageId), visibleSurveys(actor, cases.surveyId)));
  if (holders.length === 0) throw new AppError("not_found", "Message not found.");
  return holders;
}

/**
 * SPEC §11: an outbound upload not yet attached to a reply is its uploader's alone — nobody
 * else may attach it (or learn it exists: 404, like a missing one). Once attached, the file
 * belongs to its message and is seen through the cases holding it.
 */
export async function requireOwnUpload(actor: CurrentUser, fileId: number, db: Executor = getDb()): Promise<MediaFile> {
  const [row] = await db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.id, fileId), eq(mediaFiles.direction, "outbound"), eq(mediaFiles.uploadedBy, actor.id)))
    .limit(1);
  if (!row) throw new AppError("not_found", "Upload not found: upload the file again.");
  return row;
}

/**
 * A message's file (SPEC §11), when the actor may see a case holding its message — owners and
 * admins any message's; an upload not yet attached to a message only its uploader — and a 404
 * otherwise (missing or not theirs: the same answer, so files cannot be probed). Inbound and
 * outbound files alike.
 */
export async function requireVisibleMediaFile(actor: CurrentUser, fileId: number, db: Executor = getDb()): Promise<MediaFile> {
  const holder = db
    .select({ one: sql`1` })
    .from(caseMessages)
    .innerJoin(cases, eq(cases.id, caseMessages.caseId))
    .where(and(eq(caseMessages.messageId, mediaFiles.messageId), visibleSurveys(actor, cases.surveyId)));
  const ofAMessage = seesAllSurveys(actor) ? sql`${mediaFiles.messageId} is not null` : sql`exists (${holder})`;
  const [row] = await db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.id, fileId), or(ofAMessage, and(isNull(mediaFiles.messageId), eq(mediaFiles.uploadedBy, actor.id)))))
    .limit(1);
  if (!row) throw new AppError("not_found", "File not found.");
  return row;
}
