// The whole Caseline schema (SPEC §1–§8). Tables first, then relations, then types.
// SQL names are snake_case; every list the UI shows has an index that serves it.
import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  customType,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["owner", "admin", "staff"]);
export const messagingProvider = pgEnum("messaging_provider", ["simulator", "vonage"]);
export const questionType = pgEnum("question_type", ["text", "integer", "date", "select_one", "note", "conversation"]);
/** Channels a number link (and so a case and its replies) uses. */
export const linkChannel = pgEnum("link_channel", ["sms", "whatsapp"]);
/** Channels a message can arrive on: MMS arrives on an SMS link as its own channel. */
export const messageChannel = pgEnum("message_channel", ["sms", "mms", "whatsapp"]);
export const messageDirection = pgEnum("message_direction", ["inbound", "outbound"]);
export const messageStatus = pgEnum("message_status", [
  "received",
  "queued",
  "submitted",
  "delivered",
  "read",
  "rejected",
  "undeliverable",
  "failed",
]);
export const caseEventType = pgEnum("case_event_type", [
  "created",
  "message_added",
  "auto_reply",
  "status_changed",
  "closed",
  "reopened",
  "edited",
  "moved_to",
  "moved_from",
  "reply_retried",
  /** The assignee changed (SPEC §9): data { from, to } as { id, name } or null, and why. */
  "assigned",
  /** SPEC §12: the person sent an opt-out keyword (data { keyword, ourNumber }). */
  "opted_out",
  /** SPEC §12: the person sent an opt-in keyword after opting out (data { keyword, ourNumber }). */
  "opted_in",
  /** SPEC §13: closed by time (data { days, status }): "closed after N days without activity". */
  "auto_closed",
  /** SPEC §13: a service level was missed (data { kind: "first_response" | "next_response", dueAt }). */
  "sla_breached",
]);
/** SPEC §13: what a notification is about. */
export const notificationKind = pgEnum("notification_kind", ["assigned", "mentioned", "new_message", "sla_breached"]);
/**
 * SPEC §13: the email of a notification. null: no email (the user turned email off).
 * pending: written with the notification, not yet handed to the job queue (an outbox, as
 * webhook deliveries); queued: its job exists; sent; skipped: not sent on purpose (email off
 * on the server, another email about the case within 10 minutes), failed: gave up.
 */
export const notificationEmailState = pgEnum("notification_email_state", ["pending", "queued", "sent", "skipped", "failed"]);
/** SPEC §13: which service level a case's due time is for. */
export const responseDueKind = pgEnum("response_due_kind", ["first_response", "next_response"]);
/** SPEC §11: where a message's file is — being copied, kept, or given up on (with the reason). */
export const mediaState = pgEnum("media_state", ["pending", "saved", "failed"]);
export const optOutAction = pgEnum("opt_out_action", ["opted_out", "opted_in"]);
export const webhookKind = pgEnum("webhook_kind", ["inbound", "status"]);
export const webhookOutcome = pgEnum("webhook_outcome", [
  "received",
  "routed",
  "unrouted",
  "invalid",
  "status_applied",
  "status_unknown",
  "failed",
]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** Always stored lower-cased, so the unique index is case-insensitive. */
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    role: userRole("role").notNull().default("staff"),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    /**
     * Every session carries the version it was signed in under; raising it (sign-out, a new
     * password, deactivation, a change of role or survey access) ends them all at once.
     */
    sessionVersion: integer("session_version").notNull().default(0),
    /** SPEC §13: notifications by email too (on by default; each user turns it off in their profile). */
    emailNotifications: boolean("email_notifications").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), check("users_email_lower", sql`${t.email} = lower(${t.email})`)],
);

/** Failed sign-ins, kept in the database so throttling holds across app instances. */
export const loginFailures = pgTable(
  "login_failures",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_email_at_idx").on(t.email, t.at), index("login_failures_ip_at_idx").on(t.ip, t.at)],
);

/** One row (id = 1). Secrets are stored encrypted (SPEC §7). */
export const serverSettings = pgTable(
  "server_settings",
  {
    id: integer("id").primaryKey().default(1),
    provider: messagingProvider("provider").notNull().default("simulator"),
    vonageApplicationId: text("vonage_application_id"),
    vonagePrivateKeyEncrypted: text("vonage_private_key_encrypted"),
    vonageWebhookSecretEncrypted: text("vonage_webhook_secret_encrypted"),
    apiHost: text("api_host"),
    updatedAt: updatedAt(),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("server_settings_single_row", sql`${t.id} = 1`)],
);

export const surveys = pgTable(
  "surveys",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    /** Case settings: cases are enabled when both the status question and closing value are set. */
    statusQuestionId: integer("status_question_id").references((): AnyPgColumn => surveyQuestions.id, {
      onDelete: "set null",
    }),
    closingValue: text("closing_value"),
    defaultStatus: text("default_status"),
    /** SPEC §9: a staff reply to an unassigned case assigns it to whoever replied. */
    firstReplyAssigns: boolean("first_reply_assigns").notNull().default(false),
    /** SPEC §13 service levels, null = off: a case's first reply is due this many minutes after it was created… */
    firstResponseMinutes: integer("first_response_minutes"),
    /** …and a reply this many minutes after each inbound message that waits for one. */
    nextResponseMinutes: integer("next_response_minutes"),
    /** SPEC §13 closing by time, null = off: an open case is closed after this many days without a message. */
    autoCloseDays: integer("auto_close_days"),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("surveys_archived_name_idx").on(t.archivedAt, t.name)],
);

export type QuestionChoice = { value: string; label: string };

export const surveyQuestions = pgTable(
  "survey_questions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    /** Machine name, the key of the answer in a record's answers. */
    name: text("name").notNull(),
    label: text("label").notNull(),
    type: questionType("type").notNull(),
    choices: jsonb("choices").$type<QuestionChoice[]>().notNull().default([]),
    required: boolean("required").notNull().default(false),
  },
  (t) => [
    uniqueIndex("survey_questions_survey_name_key").on(t.surveyId, t.name),
    index("survey_questions_survey_position_idx").on(t.surveyId, t.position),
  ],
);

export const surveyAccess = pgTable(
  "survey_access",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.surveyId] }), index("survey_access_survey_idx").on(t.surveyId)],
);

/**
 * SPEC §13: weekly business hours, keyed by ISO weekday (1 = Monday … 7 = Sunday), each a list
 * of "HH:MM"–"HH:MM" intervals in the link's time zone ("24:00" ends a day). A day missing or
 * empty is closed all day.
 */
export type BusinessHours = Partial<Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", Array<{ start: string; end: string }>>>;

export const numberLinks = pgTable(
  "number_links",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** Our number, E.164 digits without "+"; the link is found by it alone (SPEC §3). */
    ourNumber: text("our_number").notNull(),
    channel: linkChannel("channel").notNull(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "restrict" }),
    description: text("description").notNull().default(""),
    /** Sent when a number has several open cases; %s1 = count, %s2 = list. Empty = none. */
    multiCaseReply: text("multi_case_reply").notNull().default(""),
    /** SPEC §12: sent once when a number opts out (the one message still sent to it). Empty = none. */
    optOutConfirmation: text("opt_out_confirmation").notNull().default(""),
    /** SPEC §12: the answer to HELP / INFO. Empty = no answer. */
    helpText: text("help_text").notNull().default(""),
    /** SPEC §13 business hours: an IANA time zone (e.g. "Europe/London"); null = always open. */
    timeZone: text("time_zone"),
    /** Weekly hours in that time zone (see BusinessHours); null = always open. */
    businessHours: jsonb("business_hours").$type<BusinessHours | null>(),
    /** Sent to a person who writes outside business hours, at most once per 12 hours. Empty = none. */
    outOfHoursReply: text("out_of_hours_reply").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("number_links_our_number_key").on(t.ourNumber), index("number_links_survey_idx").on(t.surveyId)],
);

/**
 * Records of a survey. In a survey with cases enabled each record is a case, and its id
 * is the case reference shown as #123. `open` is kept in step with the status answer so
 * "open cases of this number" is an index look-up.
 */
export const cases = pgTable(
  "cases",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "restrict" }),
    theirNumber: text("their_number"),
    ourNumber: text("our_number"),
    channel: linkChannel("channel"),
    title: text("title").notNull().default(""),
    notes: text("notes").notNull().default(""),
    answers: jsonb("answers").$type<Record<string, unknown>>().notNull().default({}),
    /** The status question's answer, copied out of answers for lists and filters. */
    status: text("status"),
    open: boolean("open").notNull().default(true),
    messageCount: integer("message_count").notNull().default(0),
    /** SPEC §9: at most one user, who may see the survey; null = unassigned. */
    assigneeId: integer("assignee_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * SPEC §13 service levels: when a reply is due (null = nothing awaited) and for which level.
     * Set when a case is created by a message (first response) or a message arrives on it (next
     * response, keeping an earlier due time); cleared by a reply that is not automatic and by
     * closing. The breach scan and the Overdue filter read these through partial indexes.
     */
    responseDueAt: timestamp("response_due_at", { withTimezone: true }),
    responseDueKind: responseDueKind("response_due_kind"),
    /** Set when the breach of the current due time was notified (once per breach); cleared with it. */
    breachNotifiedAt: timestamp("breach_notified_at", { withTimezone: true }),
    /** SPEC §14: the first reply that is not automatic (kept for reports; never cleared). */
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    /**
     * SPEC §14: when the case was last closed; null while open. Kept by a trigger on `open`
     * (migration 0014), so every way of closing — edit, move, settings, closing by time — sets it.
     */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Console list: one survey, newest activity first, optionally only open or closed.
    // Ascending on purpose: read backwards they give ORDER BY … DESC (NULLS FIRST), which a
    // "DESC NULLS LAST" index cannot serve.
    index("cases_survey_activity_idx").on(t.surveyId, t.lastActivityAt, t.id),
    index("cases_survey_open_activity_idx").on(t.surveyId, t.open, t.lastActivityAt, t.id),
    // All surveys a user may see, newest first.
    index("cases_activity_idx").on(t.lastActivityAt, t.id),
    // Routing: the open cases of one number in one survey.
    index("cases_open_by_number_idx").on(t.surveyId, t.theirNumber, t.id).where(sql`${t.open}`),
    // Search by number (a prefix of it) across surveys.
    index("cases_their_number_prefix_idx").using("btree", t.theirNumber.op("text_pattern_ops")),
    // Search by text in titles and notes (pg_trgm, created by migration 0001).
    index("cases_title_trgm_idx").using("gin", t.title.op("gin_trgm_ops")),
    index("cases_notes_trgm_idx").using("gin", t.notes.op("gin_trgm_ops")),
    // The views Mine (one assignee, every survey) and Unassigned (per survey), newest first; the
    // open-only twins serve the console's default (open) without walking past closed cases,
    // which outnumber open ones in any team's history.
    index("cases_assignee_activity_idx").on(t.assigneeId, t.lastActivityAt, t.id).where(sql`${t.assigneeId} is not null`),
    index("cases_assignee_open_activity_idx").on(t.assigneeId, t.lastActivityAt, t.id).where(sql`${t.assigneeId} is not null and ${t.open}`),
    index("cases_unassigned_activity_idx").on(t.surveyId, t.lastActivityAt, t.id).where(sql`${t.assigneeId} is null`),
    index("cases_unassigned_open_activity_idx").on(t.surveyId, t.lastActivityAt, t.id).where(sql`${t.assigneeId} is null and ${t.open}`),
    // SPEC §13: the Overdue filter (per survey) and the breach scan (due, not yet notified).
    index("cases_survey_response_due_idx").on(t.surveyId, t.responseDueAt).where(sql`${t.responseDueAt} is not null`),
    index("cases_breach_scan_idx").on(t.responseDueAt).where(sql`${t.responseDueAt} is not null and ${t.breachNotifiedAt} is null`),
    // SPEC §14 reports: cases opened and closed per day of one survey.
    index("cases_survey_created_idx").on(t.surveyId, t.createdAt),
    index("cases_survey_closed_idx").on(t.surveyId, t.closedAt).where(sql`${t.closedAt} is not null`),
  ],
);

/** When a user last looked at a case: the list marks cases with newer activity as unread. */
export const caseReads = pgTable(
  "case_reads",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.caseId] })],
);

export type MessageMedia = {
  type: string;
  url?: string;
  caption?: string;
  name?: string;
  latitude?: number;
  longitude?: number;
  address?: string;
};

/** SPEC §10: what a template message was sent with (its body, filled in, is the message's text). */
export type MessageTemplate = { name: string; locale: string; parameters: string[] };

/**
 * Why Caseline sent an automatic message (messages.automatic): null on automatic messages
 * from before this column = the multi-case reply.
 */
export const AUTOMATIC_KINDS = ["multi_case", "opt_out_confirmation", "help", "out_of_hours"] as const;
export type AutomaticKind = (typeof AUTOMATIC_KINDS)[number];

export const messages = pgTable(
  "messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    direction: messageDirection("direction").notNull(),
    channel: messageChannel("channel").notNull(),
    ourNumber: text("our_number").notNull(),
    theirNumber: text("their_number").notNull(),
    messageType: text("message_type").notNull().default("text"),
    text: text("text"),
    media: jsonb("media").$type<MessageMedia | null>(),
    /** Vonage's message_uuid: unique, so a repeated webhook cannot add a message twice. */
    providerMessageId: text("provider_message_id"),
    status: messageStatus("status").notNull(),
    errorCode: text("error_code"),
    errorDetail: text("error_detail"),
    /** When the provider says the message was sent (inbound); thread order uses it. */
    providerTimestamp: timestamp("provider_timestamp", { withTimezone: true }),
    /** Thread order: provider time for inbound, creation time for outbound (SPEC §6). */
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Client-generated key so a retried Send stores (and sends) one reply. */
    idempotencyKey: text("idempotency_key"),
    sentBy: integer("sent_by").references(() => users.id, { onDelete: "set null" }),
    automatic: boolean("automatic").notNull().default(false),
    /** Which automatic message this is (see AUTOMATIC_KINDS); null for people's messages. */
    automaticKind: text("automatic_kind").$type<AutomaticKind>(),
    /** SPEC §10: set on a WhatsApp template message (message_type "template"). */
    template: jsonb("template").$type<MessageTemplate | null>(),
    profileName: text("profile_name"),
    statusUpdatedAt: timestamp("status_updated_at", { withTimezone: true }),
    /** Outbound: how many times the worker has called the provider for this message. */
    sendAttempts: integer("send_attempts").notNull().default(0),
    /**
     * Outbound: set while a worker is calling the provider. Another worker (a job retried
     * after a crash or a timeout) leaves the message alone until this lease runs out, so a
     * slow send is not sent twice.
     */
    sendingSince: timestamp("sending_since", { withTimezone: true }),
    /**
     * Outbound: set just before the request to the provider goes out, cleared once its answer
     * is recorded. Still set when a lease ran out means the worker died mid-request: the
     * message may have been sent, so it is not sent again (it is marked failed, unknown).
     */
    requestStartedAt: timestamp("request_started_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("messages_provider_message_id_key").on(t.providerMessageId),
    uniqueIndex("messages_idempotency_key_key").on(t.idempotencyKey),
    // The WhatsApp 24-hour window: the person's last inbound message to one of our numbers.
    index("messages_inbound_pair_at_idx").on(t.theirNumber, t.ourNumber, t.at).where(sql`${t.direction} = 'inbound'`),
    // The multi-case reply throttle: the last automatic reply to a number.
    index("messages_automatic_number_at_idx").on(t.theirNumber, t.at).where(sql`${t.automatic}`),
    // The send worker's sweep: replies still queued (normally none or a few).
    index("messages_queued_idx").on(t.createdAt).where(sql`${t.status} = 'queued'`),
    // SPEC §9: search in message bodies — whole words, any case, any accent. search_vector is
    // a stored generated column, strip(to_tsvector('caseline_search', text)), added by
    // migration 0010 and left out of the columns above on purpose: only the search reads it
    // (lib/cases/text-search.ts), and declared, every select of a message would fetch it.
    index("messages_search_vector_idx").using("gin", sql`search_vector`),
  ],
);

/** A message can belong to several cases (SPEC §3 step 5). */
export const caseMessages = pgTable(
  "case_messages",
  {
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.messageId] }),
    // A message's cases. With case_id in the index, the body search turns the messages it
    // found into cases without reading this table (lib/cases/text-search.ts).
    index("case_messages_message_case_idx").on(t.messageId, t.caseId),
  ],
);

export const caseEvents = pgTable(
  "case_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    type: caseEventType("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "set null" }),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("case_events_case_at_idx").on(t.caseId, t.at, t.id),
    // Deleting a message (erasing a person, SPEC §16) sets this to null: without an index each
    // deleted message would scan the whole history.
    index("case_events_message_idx").on(t.messageId).where(sql`${t.messageId} is not null`),
  ],
);

/** SPEC §9: a note is an entry in the thread, seen by whoever may see the case, never sent. */
export const caseNotes = pgTable(
  "case_notes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    authorId: integer("author_id").references(() => users.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Chosen by the client per draft: a note sent again after a lost answer is stored once. */
    idempotencyKey: text("idempotency_key"),
  },
  (t) => [
    index("case_notes_case_at_idx").on(t.caseId, t.at, t.id),
    // SPEC §9: the console's search finds words in notes as in messages.
    index("case_notes_text_search_idx").using("gin", sql`to_tsvector('caseline_search', ${t.text})`),
    uniqueIndex("case_notes_idempotency_key_key").on(t.idempotencyKey),
  ],
);

/** Users a note mentions (`@Name`); the notifications of SPEC §13 are made from these. */
export const noteMentions = pgTable(
  "note_mentions",
  {
    noteId: bigint("note_id", { mode: "number" })
      .notNull()
      .references(() => caseNotes.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.userId] }), index("note_mentions_user_idx").on(t.userId)],
);

/**
 * SPEC §13: a user's notifications (the bell). Written in the transaction of what caused them,
 * never for the user who acted, only to users who may see the case.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    /** Who caused it (assigned, mentioned); null for messages and breaches. */
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** The new message (new_message). */
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "cascade" }),
    /** The note that mentions the user (mentioned). */
    noteId: bigint("note_id", { mode: "number" }).references(() => caseNotes.id, { onDelete: "cascade" }),
    /** Kind-specific details, e.g. { kind: "first_response", dueAt } for a breach. */
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    emailState: notificationEmailState("email_state"),
    emailedAt: timestamp("emailed_at", { withTimezone: true }),
    /** Why an email was skipped or failed, in words. */
    emailDetail: text("email_detail"),
  },
  (t) => [
    // The list (newest first) and the unread count.
    index("notifications_user_created_idx").on(t.userId, t.createdAt, t.id),
    index("notifications_user_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
    // The email outbox: notifications written but not yet handed to the job queue.
    index("notifications_email_pending_idx").on(t.id).where(sql`${t.emailState} = 'pending'`),
    // Deleting a case, message or note cascades here.
    index("notifications_case_idx").on(t.caseId),
    index("notifications_message_idx").on(t.messageId).where(sql`${t.messageId} is not null`),
    index("notifications_note_idx").on(t.noteId).where(sql`${t.noteId} is not null`),
  ],
);

/** SPEC §13: the last email about a case to a user — at most one per case per 10 minutes. */
export const notificationEmailThrottle = pgTable(
  "notification_email_throttle",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.caseId] }), index("notification_email_throttle_case_idx").on(t.caseId)],
);

/** SPEC §9: per survey, a name and a text that `/` in the composer inserts. */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    surveyId: integer("survey_id")
      .notNull()
      .references(() => surveys.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    text: text("text").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("canned_replies_survey_name_key").on(t.surveyId, sql`lower(${t.name})`)],
);

/**
 * SPEC §10: WhatsApp templates as approved in the WhatsApp Business account (name + language),
 * kept once for the server and tied to the WhatsApp numbers they may be sent from — the
 * account approves templates for its numbers, not per survey.
 */
export const whatsappTemplates = pgTable(
  "whatsapp_templates",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    /** WhatsApp's language code, e.g. "en", "en_GB", "pt_BR" (Vonage's `whatsapp.locale`). */
    locale: text("locale").notNull(),
    /** With {{1}}…{{n}} where the parameters go. */
    body: text("body").notNull(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("whatsapp_templates_name_locale_key").on(t.name, t.locale)],
);

/** The WhatsApp number links a template may be sent from. */
export const whatsappTemplateLinks = pgTable(
  "whatsapp_template_links",
  {
    templateId: integer("template_id")
      .notNull()
      .references(() => whatsappTemplates.id, { onDelete: "cascade" }),
    linkId: integer("link_id")
      .notNull()
      .references(() => numberLinks.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.linkId] }), index("whatsapp_template_links_link_idx").on(t.linkId)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/**
 * SPEC §11: a file of a message — inbound (copied from Vonage's URL by a background job) or
 * outbound (uploaded by staff or the API, then attached to a reply). The bytes live in the
 * storage (lib/media/storage): `storage_key` names them once saved.
 */
export const mediaFiles = pgTable(
  "media_files",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Null for an upload not yet attached to a reply. */
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "cascade" }),
    direction: messageDirection("direction").notNull(),
    /** image | audio | video | file | sticker (Vonage's message_type). */
    kind: text("kind").notNull(),
    state: mediaState("state").notNull().default("pending"),
    /** Inbound: the URL Vonage gave (kept as a link when it cannot be copied). */
    sourceUrl: text("source_url"),
    name: text("name"),
    contentType: text("content_type"),
    size: bigint("size", { mode: "number" }),
    sha256: text("sha256"),
    storageKey: text("storage_key"),
    /** Failed (or the last failed attempt while still pending): why, in words for the thread. */
    failureReason: text("failure_reason"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** Outbound uploads: who uploaded it (only they may attach it until it is sent). */
    uploadedBy: integer("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    savedAt: timestamp("saved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("media_files_message_key").on(t.messageId),
    // The download sweep: files still to copy (normally few).
    index("media_files_pending_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
    // Uploads never attached to a reply are removed after a day.
    index("media_files_unattached_idx").on(t.createdAt).where(sql`${t.messageId} is null`),
  ],
);

/**
 * The PostgreSQL storage (lib/media/postgres-storage): one blob per stored copy of a file, its
 * bytes in chunks, so a 100 MB file is never one value in memory. A blob belongs to its file:
 * deleting the file (or its message, or the person) deletes the bytes. `complete` is set
 * once every chunk is written; incomplete blobs are left-overs of a failed copy.
 */
export const mediaBlobs = pgTable(
  "media_blobs",
  {
    key: text("key").primaryKey(),
    fileId: bigint("file_id", { mode: "number" })
      .notNull()
      .references(() => mediaFiles.id, { onDelete: "cascade" }),
    size: bigint("size", { mode: "number" }).notNull().default(0),
    chunkSize: integer("chunk_size").notNull(),
    complete: boolean("complete").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("media_blobs_file_idx").on(t.fileId), index("media_blobs_incomplete_idx").on(t.createdAt).where(sql`not ${t.complete}`)],
);

export const mediaChunks = pgTable(
  "media_chunks",
  {
    blobKey: text("blob_key")
      .notNull()
      .references(() => mediaBlobs.key, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    data: bytea("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.blobKey, t.seq] })],
);

/**
 * SPEC §12: numbers that opted out of messages from one of our numbers — a row while opted
 * out, removed when they opt back in. Every outbound message is checked against it before it
 * is queued (and again before it is sent).
 */
export const optOuts = pgTable(
  "opt_outs",
  {
    ourNumber: text("our_number").notNull(),
    theirNumber: text("their_number").notNull(),
    keyword: text("keyword").notNull(),
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "set null" }),
    since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.ourNumber, t.theirNumber] }),
    // Users > Conversations: newest first, and search by (a prefix of) the number.
    index("opt_outs_since_idx").on(t.since),
    index("opt_outs_their_number_idx").using("btree", t.theirNumber.op("text_pattern_ops")),
    // Deleting a message (erasing a person) sets message_id to null: found through this.
    index("opt_outs_message_idx").on(t.messageId).where(sql`${t.messageId} is not null`),
  ],
);

/** SPEC §12: every opt-out and opt-in, kept (the case history shows them too). */
export const optOutEvents = pgTable(
  "opt_out_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    ourNumber: text("our_number").notNull(),
    theirNumber: text("their_number").notNull(),
    action: optOutAction("action").notNull(),
    keyword: text("keyword").notNull(),
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("opt_out_events_pair_at_idx").on(t.theirNumber, t.ourNumber, t.at),
    index("opt_out_events_message_idx").on(t.messageId).where(sql`${t.messageId} is not null`),
  ],
);

/** Every webhook Vonage sent us, raw, with what became of it: nothing is ever dropped. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: webhookKind("kind").notNull(),
    messageUuid: text("message_uuid"),
    /** The body exactly as received, kept even when it is not JSON. */
    rawBody: text("raw_body").notNull(),
    payload: jsonb("payload"),
    ourNumber: text("our_number"),
    theirNumber: text("their_number"),
    outcome: webhookOutcome("outcome").notNull().default("received"),
    reason: text("reason"),
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    // One inbound event per Vonage message: the dedup rests on this constraint. A "failed"
    // row (routing threw; Vonage will retry) does not take the message's place.
    uniqueIndex("webhook_events_inbound_uuid_key")
      .on(t.messageUuid)
      .where(sql`${t.kind} = 'inbound' and ${t.outcome} <> 'failed'`),
    // Admin screen: unrouted and failed messages, newest first; "Process again" per number.
    index("webhook_events_outcome_id_idx").on(t.outcome, t.id),
    index("webhook_events_unrouted_number_idx").on(t.ourNumber, t.receivedAt).where(sql`${t.outcome} = 'unrouted'`),
    // Status webhooks that came before the worker stored the provider's id: applied then.
    index("webhook_events_pending_status_idx").on(t.messageUuid).where(sql`${t.outcome} = 'status_unknown'`),
    // Deleting a message (erasing a person) sets message_id to null here: measured at 120 ms
    // per deleted message on a log of 1,000,000 events without it (npm run bench:person).
    index("webhook_events_message_idx").on(t.messageId).where(sql`${t.messageId} is not null`),
  ],
);

/**
 * VONAGE_MAX_RPS across every worker process (Vonage allows 30 API requests per second per
 * account): one row holding the earliest time the next send may start. Each send moves it
 * on by 1/VONAGE_MAX_RPS seconds, so sends are spaced evenly and no one-second window,
 * wherever it starts, holds more than the limit.
 */
export const sendPacing = pgTable(
  "send_pacing",
  {
    id: integer("id").primaryKey().default(1),
    nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("send_pacing_single_row", sql`${t.id} = 1`)],
);

/**
 * The built-in carrier simulator's virtual phones: what each phone sent to us and what it
 * received from us, as the carrier saw it (not as the case shows it).
 */
export const simulatorMessages = pgTable(
  "simulator_messages",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    direction: text("direction", { enum: ["to_us", "to_phone"] }).notNull(),
    channel: linkChannel("channel").notNull(),
    ourNumber: text("our_number").notNull(),
    theirNumber: text("their_number").notNull(),
    text: text("text").notNull(),
    messageUuid: text("message_uuid").notNull(),
    /** to_us: the status our webhook answered with; to_phone: the last status the simulator reported. */
    outcome: text("outcome"),
    createdAt: createdAt(),
  },
  (t) => [index("simulator_messages_phone_idx").on(t.theirNumber, t.id)],
);

/**
 * API tokens (SPEC §15): a token acts as its user. Only a SHA-256 hash of the token is kept
 * (it is shown once); `prefix` lets people recognise it in lists. Revoked or expired tokens,
 * and every token of a deactivated user, are refused.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId, t.id)],
);

/**
 * Requests per token per minute (the API's rate limit), in the database so the limit holds
 * across app instances. Old windows are deleted as new ones start.
 */
export const apiRateWindows = pgTable(
  "api_rate_windows",
  {
    tokenId: integer("token_id")
      .notNull()
      .references(() => apiTokens.id, { onDelete: "cascade" }),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.windowStart] }), index("api_rate_windows_start_idx").on(t.windowStart)],
);

/** Outgoing webhook subscriptions (SPEC §15). The secret signs deliveries, so it is kept encrypted, not hashed. */
export const webhookSubscriptions = pgTable(
  "webhook_subscriptions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    events: text("events").array().notNull(),
    secretEncrypted: text("secret_encrypted").notNull(),
    active: boolean("active").notNull().default(true),
    /** Why the endpoint was turned off (by an admin, or after failing for 24 hours). */
    disabledReason: text("disabled_reason"),
    /** The first failed delivery since the last successful one; null while deliveries succeed. */
    failingSince: timestamp("failing_since", { withTimezone: true }),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
);

export const webhookDeliveryState = pgEnum("webhook_delivery_state", ["pending", "delivered", "failed"]);

/**
 * The outbox: one row per event per subscription, written in the same transaction as the
 * change it reports, then handed to the job queue and delivered by the worker.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: integer("subscription_id")
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: "cascade" }),
    /** The event's id (Caseline-Event-Id): the same for every subscription and every attempt. */
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The body sent: `{ id, type, createdAt, data }`. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** The person the event is about, so erasing them (SPEC §16) finds it. */
    theirNumber: text("their_number"),
    state: webhookDeliveryState("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    /** Set when the delivery's job was queued; null = still to hand to the queue. */
    queuedAt: timestamp("queued_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    // Every index here is paid by the inbound hot path (a row per message per subscription), so
    // only what a reader needs: an endpoint's deliveries newest first, the relay's queue, the
    // sweep. No unique (subscription, event id): each emit makes a fresh id, so it guarded
    // nothing. No their_number index: erasing a person reads deliveries with a text match on
    // the payload too, a scan either way (SPEC §16), and it is rare.
    index("webhook_deliveries_subscription_idx").on(t.subscriptionId, t.id),
    index("webhook_deliveries_unqueued_idx").on(t.id).where(sql`${t.queuedAt} is null`),
    // The webhook worker's sweep for pending deliveries whose job was lost (normally few rows).
    index("webhook_deliveries_pending_idx").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * The audit log (SPEC §16): who did what, when, before → after. No foreign keys to cases or
 * surveys: the record outlives what it describes (an erased person's cases). Secrets never
 * appear: a changed secret is recorded as "changed".
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Set when the actor acted through an API token. */
    actorTokenId: integer("actor_token_id").references(() => apiTokens.id, { onDelete: "set null" }),
    /** e.g. "case.updated", "user.created", "settings.server_changed", "person.erased". */
    action: text("action").notNull(),
    surveyId: integer("survey_id"),
    caseId: bigint("case_id", { mode: "number" }),
    /** What was acted on when it is not a case: "user:12", "webhook:3", "number_link:5" … */
    target: text("target"),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at, t.id),
    index("audit_log_actor_idx").on(t.actorUserId, t.at),
    index("audit_log_survey_idx").on(t.surveyId, t.at),
    index("audit_log_case_idx").on(t.caseId, t.at),
  ],
);

export const usersRelations = relations(users, ({ many }) => ({ surveyAccess: many(surveyAccess) }));
export const surveysRelations = relations(surveys, ({ many, one }) => ({
  questions: many(surveyQuestions),
  numberLinks: many(numberLinks),
  statusQuestion: one(surveyQuestions, { fields: [surveys.statusQuestionId], references: [surveyQuestions.id] }),
}));
export const surveyQuestionsRelations = relations(surveyQuestions, ({ one }) => ({
  survey: one(surveys, { fields: [surveyQuestions.surveyId], references: [surveys.id] }),
}));
export const surveyAccessRelations = relations(surveyAccess, ({ one }) => ({
  user: one(users, { fields: [surveyAccess.userId], references: [users.id] }),
  survey: one(surveys, { fields: [surveyAccess.surveyId], references: [surveys.id] }),
}));
export const numberLinksRelations = relations(numberLinks, ({ one }) => ({
  survey: one(surveys, { fields: [numberLinks.surveyId], references: [surveys.id] }),
}));
export const casesRelations = relations(cases, ({ one, many }) => ({
  survey: one(surveys, { fields: [cases.surveyId], references: [surveys.id] }),
  caseMessages: many(caseMessages),
  events: many(caseEvents),
}));
export const caseMessagesRelations = relations(caseMessages, ({ one }) => ({
  case: one(cases, { fields: [caseMessages.caseId], references: [cases.id] }),
  message: one(messages, { fields: [caseMessages.messageId], references: [messages.id] }),
}));
export const caseEventsRelations = relations(caseEvents, ({ one }) => ({
  case: one(cases, { fields: [caseEvents.caseId], references: [cases.id] }),
}));

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type Survey = typeof surveys.$inferSelect;
export type SurveyQuestion = typeof surveyQuestions.$inferSelect;
export type NumberLink = typeof numberLinks.$inferSelect;
export type Case = typeof cases.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type CaseEvent = typeof caseEvents.$inferSelect;
export type CaseNote = typeof caseNotes.$inferSelect;
export type CannedReply = typeof cannedReplies.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type ServerSettings = typeof serverSettings.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type WebhookSubscription = typeof webhookSubscriptions.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type WhatsappTemplate = typeof whatsappTemplates.$inferSelect;
export type MediaFile = typeof mediaFiles.$inferSelect;
export type MediaState = (typeof mediaState.enumValues)[number];
export type OptOut = typeof optOuts.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type NotificationKind = (typeof notificationKind.enumValues)[number];
