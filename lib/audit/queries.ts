// Admin > Audit, its CSV export and GET /api/v1/audit (SPEC §16): owners and admins read the
// log newest first, filtered by user, survey, case and time, a page at a time (keyset on
// (at, id), so a page deep in a large log costs what the first one does).
import "server-only";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { CSV_SAFETY } from "@/lib/exports/csv-format";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { decodeCursor, encodeCursor } from "@/lib/cases/read-queries";
import { getDb } from "@/lib/db/client";
import { apiTokens, auditLog, surveys, users } from "@/lib/db/schema";
import { describeAction, entryDetailsText } from "./describe";
import type { AuditFilters } from "./filters";

export type AuditItem = {
  id: number;
  at: string;
  action: string;
  /** The user who acted (through the token, when `token` is set); null: the system. */
  user: { id: number; name: string; email: string } | null;
  token: { id: number; name: string } | null;
  survey: { id: number; name: string | null } | null;
  caseId: number | null;
  target: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export type AuditPage = { items: AuditItem[]; nextCursor: string | null };

type Row = Awaited<ReturnType<typeof selectPage>>[number];

function selectPage(filters: AuditFilters, limit: number) {
  const where: Array<SQL | undefined> = [
    filters.userId !== undefined ? eq(auditLog.actorUserId, filters.userId) : undefined,
    filters.surveyId !== undefined ? eq(auditLog.surveyId, filters.surveyId) : undefined,
    filters.caseId !== undefined ? eq(auditLog.caseId, filters.caseId) : undefined,
    filters.from ? gte(auditLog.at, filters.from) : undefined,
    filters.to ? lt(auditLog.at, filters.to) : undefined,
  ];
  if (filters.cursor) {
    const c = decodeCursor(filters.cursor);
    where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${c.at}::timestamptz, ${c.id})`);
  }
  return getDb()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      // As text, so the cursor keeps PostgreSQL's microseconds and pages never skip an entry.
      atText: sql<string>`${auditLog.at}::text`,
      action: auditLog.action,
      userId: auditLog.actorUserId,
      userName: users.name,
      userEmail: users.email,
      tokenId: auditLog.actorTokenId,
      tokenName: apiTokens.name,
      surveyId: auditLog.surveyId,
      surveyName: surveys.name,
      caseId: auditLog.caseId,
      target: auditLog.target,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(apiTokens, eq(apiTokens.id, auditLog.actorTokenId))
    .leftJoin(surveys, eq(surveys.id, auditLog.surveyId))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
}

function toItem(row: Row): AuditItem {
  return {
    id: row.id,
    at: row.at.toISOString(),
    action: row.action,
    user: row.userId !== null ? { id: row.userId, name: row.userName ?? "", email: row.userEmail ?? "" } : null,
    token: row.tokenId !== null ? { id: row.tokenId, name: row.tokenName ?? "" } : null,
    survey: row.surveyId !== null ? { id: row.surveyId, name: row.surveyName } : null,
    caseId: row.caseId,
    target: row.target,
    before: row.before,
    after: row.after,
  };
}

async function page(filters: AuditFilters, limit: number): Promise<AuditPage> {
  const rows = await selectPage(filters, limit);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: shown.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor({ at: last.atText, id: last.id }) : null };
}

/** One page of the log, newest first; `nextCursor` continues it. Owners and admins only. */
export async function listAudit(actor: CurrentUser, filters: AuditFilters = {}): Promise<AuditPage> {
  assertRole(actor, ADMIN_ROLES);
  return page(filters, Math.min(Math.max(filters.limit ?? 50, 1), 200));
}

/** Who acted, as a person reads it: "Ann <ann@x>", "Ann <ann@x> via token “CI”", "System". */
export function actorText(item: Pick<AuditItem, "user" | "token">): string {
  if (!item.user) return item.token ? `Token “${item.token.name}”` : "System";
  const who = item.user.name ? `${item.user.name} <${item.user.email}>` : item.user.email;
  return item.token ? `${who} via token “${item.token.name}”` : who;
}

export const AUDIT_CSV_COLUMNS = ["time", "user", "user_email", "token", "action", "description", "survey_id", "survey", "case_id", "target", "changes", "before", "after"];

function csvRecord(item: AuditItem): string[] {
  const changes = entryDetailsText(item.action, item.before, item.after);
  return [
    item.at,
    item.user?.name ?? (item.token ? "" : "System"),
    item.user?.email ?? "",
    item.token?.name ?? "",
    item.action,
    describeAction(item.action),
    item.survey ? String(item.survey.id) : "",
    item.survey?.name ?? "",
    item.caseId !== null ? String(item.caseId) : "",
    item.target ?? "",
    changes,
    item.before ? JSON.stringify(item.before) : "",
    item.after ? JSON.stringify(item.after) : "",
  ];
}

/** Rows fetched per query while exporting: the export holds one such page at a time. */
export const AUDIT_EXPORT_PAGE = 500;

/**
 * The whole filtered log as CSV (header, then newest first), streamed: pages are read as the
 * client takes the bytes, so a large log never sits in memory. The role is checked before the
 * first byte, so a refusal is an error response, not a broken download. `cursor` and `limit`
 * are ignored: the export is always the whole filtered log.
 */
export function exportAuditCsv(actor: CurrentUser, filters: AuditFilters = {}): ReadableStream<Uint8Array> {
  assertRole(actor, ADMIN_ROLES);
  async function* records() {
    let cursor: string | undefined;
    do {
      const next = await page({ ...filters, cursor }, AUDIT_EXPORT_PAGE);
      for (const item of next.items) yield csvRecord(item);
      cursor = next.nextCursor ?? undefined;
    } while (cursor);
  }
  // escape_formulas: a title or note starting with "=" or "+" must not run as a formula in a
  // spreadsheet (message text reaches titles, and so this file).
  const source = Readable.from(records());
  const csv = source.pipe(stringify({ ...CSV_SAFETY, header: true, columns: AUDIT_CSV_COLUMNS }));
  // pipe() does not pass errors on: a failed page must end the download as failed, not hang it.
  source.on("error", (error) => csv.destroy(error));
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}

/** The export's file name for the download. */
export function auditCsvFileName(now = new Date()): string {
  return `caseline-audit-${now.toISOString().slice(0, 10)}.csv`;
}
