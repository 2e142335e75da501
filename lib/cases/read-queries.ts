// The console's reads (GET /api/cases, GET /api/cases/:id), with survey access enforced:
// a case of a survey the user may not see answers exactly like a missing one.
import "server-only";
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { requireVisibleCase, requireVisibleSurvey, visibleSurveyIds, type CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { caseEvents, caseMessages, caseReads, cases, mediaFiles, messages, users, type AutomaticKind, type Case, type Message, type MessageTemplate } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { threadMedia, type ThreadMedia } from "@/lib/media/thread-media";
import type { CaseNoteEntry } from "@/lib/notes/note-entry";
import { notesOfCase } from "@/lib/notes/read-notes";
import { optOutOf } from "@/lib/optout/suppression";
import { lastInboundAt } from "@/lib/outbound/last-inbound";
import { whatsappWindow } from "@/lib/outbound/whatsapp-window";
import { isOverdue, type DueKind } from "@/lib/service-levels/rules";
import { usersWhoMaySeeSurvey } from "@/lib/surveys/survey-users";
import { formatReference } from "./references";
import type { SearchMatch } from "./search-snippet";
import { hasSearchWords, inMessages, inNotes, searchMatches, searchPlans } from "./text-search";

const assignees = alias(users, "assignees");

export type CaseState = "open" | "closed" | "all";
/** SPEC §9: whose cases — the actor's, nobody's, or everyone's. */
export type CaseListView = "mine" | "unassigned" | "all";
export const CASE_VIEWS = ["mine", "unassigned", "all"] as const satisfies readonly CaseListView[];

export type AssigneeSummary = { id: number; name: string };

export type CaseListItem = {
  id: number;
  reference: string;
  surveyId: number;
  title: string;
  theirNumber: string | null;
  ourNumber: string | null;
  channel: "sms" | "whatsapp" | null;
  status: string | null;
  open: boolean;
  lastActivityAt: string;
  messageCount: number;
  assignee: AssigneeSummary | null;
  /** Activity since this user last opened the case. */
  unread: boolean;
  /** SPEC §13: a reply is awaited by then (null: nothing awaited, or no service level). */
  responseDueAt: string | null;
  /** Past that time: Overdue. */
  overdue: boolean;
  /** A search by words: the case's latest message (or note) holding them, words marked. */
  match?: SearchMatch;
};

export type CaseListQuery = {
  surveyId?: number;
  state?: CaseState;
  view?: CaseListView;
  phone?: string;
  q?: string;
  /** SPEC §13: only cases past their due time. */
  overdue?: boolean;
  cursor?: string;
  limit?: number;
};

type Cursor = { at: string; id: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString("base64url");
}

export function decodeCursor(value: string): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof at === "string" && !Number.isNaN(Date.parse(at)) && Number.isSafeInteger(id)) return { at, id: id as number };
  } catch {
    // fall through
  }
  throw new AppError("bad_request", "The cursor is not valid; start again from the first page.");
}

/** The list's SQL for a user and filters (null: nothing to show); the benchmark EXPLAINs it. */
export async function buildCaseListQuery(actor: CurrentUser, query: CaseListQuery) {
  const { surveyId, state = "all", view = "all", phone, q, cursor, overdue = false } = query;
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const where: Array<SQL | undefined> = [];

  if (surveyId !== undefined) {
    await requireVisibleSurvey(actor, surveyId);
    where.push(eq(cases.surveyId, surveyId));
  } else {
    // The ids themselves rather than a subquery: the planner then walks the activity index
    // of just those surveys (measured in bench:console).
    const visible = await visibleSurveyIds(actor);
    if (visible !== "all") {
      if (visible.length === 0) return null;
      where.push(inArray(cases.surveyId, visible));
    }
  }
  // Written out, not a parameter: the open-only partial indexes (Mine, Unassigned) are chosen
  // only when the planner can see the condition itself.
  if (state !== "all") where.push(state === "open" ? sql`${cases.open}` : sql`not ${cases.open}`);
  if (view === "mine") where.push(eq(cases.assigneeId, actor.id));
  if (view === "unassigned") where.push(isNull(cases.assigneeId));
  // Through the partial index cases_survey_response_due_idx: only cases awaiting a reply are in it.
  if (overdue) where.push(sql`${cases.responseDueAt} <= now()`);
  const digits = phone?.replace(/\D/g, "").replace(/^00/, "");
  if (digits) where.push(sql`${cases.theirNumber} like ${`${digits}%`}`);
  if (cursor) {
    const c = decodeCursor(cursor);
    where.push(sql`(${cases.lastActivityAt}, ${cases.id}) < (${c.at}::timestamptz, ${c.id})`);
  }
  const text = q?.trim();
  // `#123` asks for a case number only; any other text with a letter or digit is also words.
  const plans = text && !text.startsWith("#") && hasSearchWords(text) ? await searchPlans(text) : null;
  const words = plans ? text! : null;
  if (text) {
    const reference = /^#?(\d{1,15})$/.exec(text);
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const inCase = or(ilike(cases.title, pattern), ilike(cases.notes, pattern), reference ? eq(cases.id, Number(reference[1])) : undefined);
    if (!plans) {
      where.push(inCase);
    } else {
      // Each way of matching (the case's own fields, a message, a thread note) is its own
      // newest-first page under the same filters, so each can use its own index; the page is
      // the newest of their union. One OR over all of them would walk cases one by one until
      // enough matched — every case, for a word that matches none.
      const page = (match: SQL | undefined) =>
        getDb()
          .select({ id: cases.id })
          .from(cases)
          .where(and(...where, match))
          .orderBy(desc(cases.lastActivityAt), desc(cases.id))
          .limit(limit + 1);
      const pages = [page(inCase), page(inMessages(text, plans.messages)), page(inNotes(text, plans.notes))];
      where.push(sql`${cases.id} in (${sql.join(pages, sql` union all `)})`);
    }
  }

  const statement = getDb()
    .select({
      id: cases.id,
      surveyId: cases.surveyId,
      title: cases.title,
      theirNumber: cases.theirNumber,
      ourNumber: cases.ourNumber,
      channel: cases.channel,
      status: cases.status,
      open: cases.open,
      // As text, so the cursor keeps PostgreSQL's microseconds and pages never skip a row.
      activityText: sql<string>`${cases.lastActivityAt}::text`,
      lastActivityAt: cases.lastActivityAt,
      messageCount: cases.messageCount,
      assigneeId: cases.assigneeId,
      assigneeName: sql<string | null>`coalesce(nullif(${assignees.name}, ''), ${assignees.email})`,
      unread: sql<boolean>`(${caseReads.readAt} is null or ${caseReads.readAt} < ${cases.lastActivityAt})`,
      responseDueAt: cases.responseDueAt,
      // The same clock as the filter above (the database's), so a case it lists is marked.
      overdue: sql<boolean>`coalesce(${cases.responseDueAt} <= now(), false)`,
    })
    .from(cases)
    .leftJoin(caseReads, and(eq(caseReads.caseId, cases.id), eq(caseReads.userId, actor.id)))
    .leftJoin(assignees, eq(assignees.id, cases.assigneeId))
    .where(and(...where))
    .orderBy(desc(cases.lastActivityAt), desc(cases.id))
    .limit(limit + 1);
  return { statement, limit, words };
}


export async function listCases(actor: CurrentUser, query: CaseListQuery = {}): Promise<{ items: CaseListItem[]; nextCursor: string | null }> {
  const built = await buildCaseListQuery(actor, query);
  if (!built) return { items: [], nextCursor: null };
  const rows = await built.statement;
  const page = rows.slice(0, built.limit);
  const last = page[page.length - 1];
  const matches = built.words ? await searchMatches(page.map((row) => row.id), built.words) : null;
  return {
    items: page.map((row) => {
      const match = matches?.get(row.id);
      return {
        ...caseSummary(row),
        messageCount: row.messageCount,
        assignee: assigneeOf(row.assigneeId, row.assigneeName),
        unread: row.unread,
        overdue: row.overdue,
        ...(match ? { match } : {}),
      };
    }),
    nextCursor: rows.length > built.limit && last ? encodeCursor({ at: last.activityText, id: last.id }) : null,
  };
}

function assigneeOf(id: number | null, name: string | null): AssigneeSummary | null {
  return id === null ? null : { id, name: name ?? "" };
}

type SummaryRow = Pick<Case, "id" | "surveyId" | "title" | "theirNumber" | "ourNumber" | "channel" | "status" | "open" | "lastActivityAt" | "responseDueAt">;

/** The fields the list and the case view share. */
function caseSummary(row: SummaryRow) {
  return {
    id: row.id,
    reference: formatReference(row.id),
    surveyId: row.surveyId,
    title: row.title,
    theirNumber: row.theirNumber,
    ourNumber: row.ourNumber,
    channel: row.channel,
    status: row.status,
    open: row.open,
    lastActivityAt: row.lastActivityAt.toISOString(),
    responseDueAt: row.responseDueAt?.toISOString() ?? null,
  };
}

export type ThreadMessage = {
  id: number;
  direction: "inbound" | "outbound";
  channel: "sms" | "mms" | "whatsapp";
  text: string | null;
  status: Message["status"];
  automatic: boolean;
  /** Which automatic message (multi-case reply, opt-out confirmation, HELP answer …); null otherwise. */
  automaticKind: AutomaticKind | null;
  at: string;
  profileName: string | null;
  sentBy: { id: number; name: string } | null;
  /** SPEC §11: what it carries, with its stored file (lib/media/thread-media.ts). */
  media?: ThreadMedia;
  /** SPEC §10: sent as this WhatsApp template; `text` is its body filled in. */
  template?: MessageTemplate;
  error?: { code: string | null; detail: string | null };
};

export type CaseHistoryEvent = {
  id: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
  messageId: number | null;
  actor: { id: number; name: string } | null;
};

export type CaseDetail = Omit<CaseListItem, "lastActivityAt" | "messageCount" | "unread"> & {
  /** Which service level `responseDueAt` is for. */
  responseDueKind: DueKind | null;
  lastActivityAt: string;
  createdAt: string;
  answers: Record<string, unknown>;
  notes: string;
  messages: ThreadMessage[];
  events: CaseHistoryEvent[];
  /** The team's notes in the thread (SPEC §9), oldest first; `notes` is the case's own free-text field. */
  threadNotes: CaseNoteEntry[];
  /** Users who may see the case (SPEC §9): whom it can be assigned to, whom a note can mention. */
  team: AssigneeSummary[];
  /** WhatsApp cases: whether free text may be sent now (24 hours from the person's last message). */
  whatsappWindow: { open: boolean; closesAt: string | null; lastInboundAt: string | null } | null;
  /** SPEC §12: the person opted out of messages from the case's our-number (since when, with which word); null otherwise. */
  optedOut: { since: string; keyword: string } | null;
};

export async function getCaseDetail(actor: CurrentUser, id: number): Promise<CaseDetail> {
  const db = getDb();
  const row = await requireVisibleCase(actor, id);

  const [thread, history, lastInbound, assignee, team, threadNotes, optOut] = await Promise.all([
    db
      .select({
        message: messages,
        senderName: users.name,
        senderEmail: users.email,
        // The message's file (SPEC §11), in the same query: one row at most per message.
        fileId: mediaFiles.id,
        fileKind: mediaFiles.kind,
        fileState: mediaFiles.state,
        fileName: mediaFiles.name,
        fileContentType: mediaFiles.contentType,
        fileSize: mediaFiles.size,
        fileSha256: mediaFiles.sha256,
        fileFailureReason: mediaFiles.failureReason,
        fileSourceUrl: mediaFiles.sourceUrl,
      })
      .from(caseMessages)
      .innerJoin(messages, eq(messages.id, caseMessages.messageId))
      .leftJoin(users, eq(users.id, messages.sentBy))
      .leftJoin(mediaFiles, eq(mediaFiles.messageId, messages.id))
      .where(eq(caseMessages.caseId, id))
      // SPEC §6: provider time for inbound, creation time for outbound — both kept in `at`.
      .orderBy(asc(messages.at), asc(messages.id)),
    db
      .select({ event: caseEvents, actorName: users.name, actorEmail: users.email })
      .from(caseEvents)
      .leftJoin(users, eq(users.id, caseEvents.actorUserId))
      .where(eq(caseEvents.caseId, id))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id)),
    row.channel === "whatsapp" && row.theirNumber && row.ourNumber ? lastInboundAt(row.theirNumber, row.ourNumber) : Promise.resolve(null),
    row.assigneeId === null
      ? Promise.resolve(null)
      : db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, row.assigneeId)).then(([u]) => u ?? null),
    usersWhoMaySeeSurvey(row.surveyId),
    notesOfCase(id, db),
    // SPEC §12: opt-outs are SMS's; a WhatsApp case is never held back by one.
    row.theirNumber && row.ourNumber && row.channel !== "whatsapp" ? optOutOf(row.ourNumber, row.theirNumber, db) : Promise.resolve(null),
  ]);
  const now = new Date();
  const window = row.channel === "whatsapp" ? whatsappWindow(lastInbound, now) : null;

  return {
    ...caseSummary(row),
    assignee: assigneeOf(row.assigneeId, assignee ? assignee.name || assignee.email : null),
    createdAt: row.createdAt.toISOString(),
    overdue: isOverdue(row.responseDueAt, now),
    responseDueKind: row.responseDueKind,
    answers: row.answers,
    notes: row.notes,
    messages: thread.map(({ message: m, senderName, senderEmail, ...f }) => ({
      id: m.id,
      direction: m.direction,
      channel: m.channel,
      text: m.text,
      status: m.status,
      automatic: m.automatic,
      // Automatic messages from before automatic_kind existed were all multi-case replies.
      automaticKind: m.automatic ? (m.automaticKind ?? "multi_case") : null,
      at: m.at.toISOString(),
      profileName: m.profileName,
      sentBy: m.sentBy ? { id: m.sentBy, name: senderName || senderEmail || "" } : null,
      ...(m.template ? { template: m.template } : {}),
      ...withMedia(
        threadMedia({
          media: m.media,
          file:
            f.fileId === null
              ? null
              : {
                  id: f.fileId,
                  kind: f.fileKind!,
                  state: f.fileState!,
                  name: f.fileName,
                  contentType: f.fileContentType,
                  size: f.fileSize,
                  sha256: f.fileSha256,
                  failureReason: f.fileFailureReason,
                  sourceUrl: f.fileSourceUrl,
                },
          // When the provider's link started its 48 hours (as the download worker counts them).
          receivedAt: m.providerTimestamp && m.providerTimestamp < m.createdAt ? m.providerTimestamp : m.createdAt,
          now,
        }),
      ),
      ...(m.errorCode || m.errorDetail ? { error: { code: m.errorCode, detail: m.errorDetail } } : {}),
    })),
    events: history.map(({ event: e, actorName, actorEmail }) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      data: e.data,
      messageId: e.messageId,
      actor: e.actorUserId ? { id: e.actorUserId, name: actorName || actorEmail || "" } : null,
    })),
    threadNotes,
    team,
    whatsappWindow: window
      ? {
          open: window.open,
          closesAt: window.open ? window.closesAt.toISOString() : null,
          lastInboundAt: lastInbound?.toISOString() ?? null,
        }
      : null,
    optedOut: optOut ? { since: optOut.since.toISOString(), keyword: optOut.keyword } : null,
  };
}

function withMedia(media: ThreadMedia | undefined): { media?: ThreadMedia } {
  return media ? { media } : {};
}

/** Whether a message is in a case (callers have checked the actor may see the case). */
export async function caseHoldsMessage(caseId: number, messageId: number): Promise<boolean> {
  const [row] = await getDb()
    .select({ messageId: caseMessages.messageId })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.messageId, messageId)))
    .limit(1);
  return Boolean(row);
}
