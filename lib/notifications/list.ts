// A user's notifications (SPEC §13): the bell's list, newest first, a page at a time, and the
// unread count. Only notifications about cases the user may still see are shown: one written
// before they lost a survey's access is hidden with the survey's cases.
import "server-only";
import { and, count, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { visibleSurveys, type CurrentUser } from "@/lib/auth/access";
import { decodeCursor, encodeCursor } from "@/lib/cases/read-queries";
import { formatReference } from "@/lib/cases/references";
import { getDb } from "@/lib/db/client";
import { cases, notifications, users, type NotificationKind } from "@/lib/db/schema";
import { MAX_NOTIFICATIONS_PAGE, MAX_UNREAD_COUNT } from "./limits";

const actors = alias(users, "actors");

export type NotificationEntry = {
  id: number;
  kind: NotificationKind;
  createdAt: string;
  readAt: string | null;
  case: { id: number; reference: string; title: string; theirNumber: string | null; channel: "sms" | "whatsapp" | null };
  actor: { id: number; name: string } | null;
  messageId: number | null;
  noteId: number | null;
  data: Record<string, unknown>;
};

export type NotificationPage = { items: NotificationEntry[]; unreadCount: number; nextCursor: string | null };



export async function listNotifications(
  actor: CurrentUser,
  { unread = false, cursor, limit = 20 }: { unread?: boolean; cursor?: string; limit?: number } = {},
): Promise<NotificationPage> {
  const size = Math.min(Math.max(limit, 1), MAX_NOTIFICATIONS_PAGE);
  const mine = and(eq(notifications.userId, actor.id), visibleSurveys(actor, cases.surveyId));
  const where: Array<SQL | undefined> = [mine];
  if (unread) where.push(isNull(notifications.readAt));
  if (cursor) {
    const c = decodeCursor(cursor);
    where.push(sql`(${notifications.createdAt}, ${notifications.id}) < (${c.at}::timestamptz, ${c.id})`);
  }
  const [rows, [counted]] = await Promise.all([
    getDb()
      .select({
        id: notifications.id,
        kind: notifications.kind,
        // As text too, so the cursor keeps PostgreSQL's microseconds and pages never skip a row.
        createdText: sql<string>`${notifications.createdAt}::text`,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        messageId: notifications.messageId,
        noteId: notifications.noteId,
        data: notifications.data,
        caseId: cases.id,
        title: cases.title,
        theirNumber: cases.theirNumber,
        channel: cases.channel,
        actorId: notifications.actorUserId,
        actorName: sql<string | null>`coalesce(nullif(${actors.name}, ''), ${actors.email})`,
      })
      .from(notifications)
      .innerJoin(cases, eq(cases.id, notifications.caseId))
      .leftJoin(actors, eq(actors.id, notifications.actorUserId))
      .where(and(...where))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(size + 1),
    // Counted up to a bound: each unread one is checked against the case's survey, and a bell
    // with tens of thousands unread (a long-ignored breach backlog) must still open at once.
    getDb()
      .select({ n: count() })
      .from(
        getDb()
          .select({ one: sql`1` })
          .from(notifications)
          .innerJoin(cases, eq(cases.id, notifications.caseId))
          .where(and(mine, isNull(notifications.readAt)))
          .limit(MAX_UNREAD_COUNT)
          .as("unread"),
      ),
  ]);
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
      case: { id: row.caseId, reference: formatReference(row.caseId), title: row.title, theirNumber: row.theirNumber, channel: row.channel },
      actor: row.actorId === null ? null : { id: row.actorId, name: row.actorName ?? "" },
      messageId: row.messageId,
      noteId: row.noteId,
      data: row.data,
    })),
    unreadCount: counted?.n ?? 0,
    nextCursor: rows.length > size && last ? encodeCursor({ at: last.createdText, id: last.id }) : null,
  };
}
