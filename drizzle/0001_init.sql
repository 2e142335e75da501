CREATE TYPE "public"."case_event_type" AS ENUM('created', 'message_added', 'auto_reply', 'status_changed', 'closed', 'reopened', 'edited', 'moved_to', 'moved_from');--> statement-breakpoint
CREATE TYPE "public"."link_channel" AS ENUM('sms', 'whatsapp');--> statement-breakpoint
CREATE TYPE "public"."message_channel" AS ENUM('sms', 'mms', 'whatsapp');--> statement-breakpoint
CREATE TYPE "public"."message_direction" AS ENUM('inbound', 'outbound');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('received', 'queued', 'submitted', 'delivered', 'read', 'rejected', 'undeliverable', 'failed');--> statement-breakpoint
CREATE TYPE "public"."messaging_provider" AS ENUM('simulator', 'vonage');--> statement-breakpoint
CREATE TYPE "public"."question_type" AS ENUM('text', 'integer', 'date', 'select_one', 'note', 'conversation');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('owner', 'admin', 'staff');--> statement-breakpoint
CREATE TYPE "public"."webhook_kind" AS ENUM('inbound', 'status');--> statement-breakpoint
CREATE TYPE "public"."webhook_outcome" AS ENUM('received', 'routed', 'unrouted', 'invalid', 'status_applied', 'status_unknown', 'failed');--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "case_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" bigint NOT NULL,
	"type" "case_event_type" NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message_id" bigint,
	"actor_user_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_messages" (
	"case_id" bigint NOT NULL,
	"message_id" bigint NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_messages_case_id_message_id_pk" PRIMARY KEY("case_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "case_reads" (
	"user_id" integer NOT NULL,
	"case_id" bigint NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_reads_user_id_case_id_pk" PRIMARY KEY("user_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"survey_id" integer NOT NULL,
	"their_number" text,
	"our_number" text,
	"channel" "link_channel",
	"title" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text,
	"open" boolean DEFAULT true NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_failures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "login_failures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"ip" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"direction" "message_direction" NOT NULL,
	"channel" "message_channel" NOT NULL,
	"our_number" text NOT NULL,
	"their_number" text NOT NULL,
	"message_type" text DEFAULT 'text' NOT NULL,
	"text" text,
	"media" jsonb,
	"provider_message_id" text,
	"status" "message_status" NOT NULL,
	"error_code" text,
	"error_detail" text,
	"provider_timestamp" timestamp with time zone,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"idempotency_key" text,
	"sent_by" integer,
	"automatic" boolean DEFAULT false NOT NULL,
	"profile_name" text,
	"status_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "number_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "number_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"our_number" text NOT NULL,
	"channel" "link_channel" NOT NULL,
	"survey_id" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"multi_case_reply" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "server_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"provider" "messaging_provider" DEFAULT 'simulator' NOT NULL,
	"vonage_application_id" text,
	"vonage_private_key_encrypted" text,
	"vonage_webhook_secret_encrypted" text,
	"api_host" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "server_settings_single_row" CHECK ("server_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "survey_access" (
	"user_id" integer NOT NULL,
	"survey_id" integer NOT NULL,
	CONSTRAINT "survey_access_user_id_survey_id_pk" PRIMARY KEY("user_id","survey_id")
);
--> statement-breakpoint
CREATE TABLE "survey_questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "survey_questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"survey_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"label" text NOT NULL,
	"type" "question_type" NOT NULL,
	"choices" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "surveys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"status_question_id" integer,
	"closing_value" text,
	"default_status" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" "user_role" DEFAULT 'staff' NOT NULL,
	"password_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lower" CHECK ("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "webhook_kind" NOT NULL,
	"message_uuid" text,
	"raw_body" text NOT NULL,
	"payload" jsonb,
	"our_number" text,
	"their_number" text,
	"outcome" "webhook_outcome" DEFAULT 'received' NOT NULL,
	"reason" text,
	"message_id" bigint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reads" ADD CONSTRAINT "case_reads_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "number_links" ADD CONSTRAINT "number_links_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "server_settings" ADD CONSTRAINT "server_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_access" ADD CONSTRAINT "survey_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_access" ADD CONSTRAINT "survey_access_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_questions" ADD CONSTRAINT "survey_questions_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "surveys" ADD CONSTRAINT "surveys_status_question_id_survey_questions_id_fk" FOREIGN KEY ("status_question_id") REFERENCES "public"."survey_questions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case_at_idx" ON "case_events" USING btree ("case_id","at","id");--> statement-breakpoint
CREATE INDEX "case_messages_message_idx" ON "case_messages" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "cases_survey_activity_idx" ON "cases" USING btree ("survey_id","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "cases_survey_open_activity_idx" ON "cases" USING btree ("survey_id","open","last_activity_at","id");--> statement-breakpoint
CREATE INDEX "cases_activity_idx" ON "cases" USING btree ("last_activity_at","id");--> statement-breakpoint
CREATE INDEX "cases_open_by_number_idx" ON "cases" USING btree ("survey_id","their_number","id") WHERE "cases"."open";--> statement-breakpoint
CREATE INDEX "cases_their_number_prefix_idx" ON "cases" USING btree ("their_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cases_title_trgm_idx" ON "cases" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cases_notes_trgm_idx" ON "cases" USING gin ("notes" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "login_failures_email_at_idx" ON "login_failures" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "login_failures_ip_at_idx" ON "login_failures" USING btree ("ip","at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_message_id_key" ON "messages" USING btree ("provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_idempotency_key_key" ON "messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "messages_inbound_pair_at_idx" ON "messages" USING btree ("their_number","our_number","at") WHERE "messages"."direction" = 'inbound';--> statement-breakpoint
CREATE INDEX "messages_automatic_number_at_idx" ON "messages" USING btree ("their_number","at") WHERE "messages"."automatic";--> statement-breakpoint
CREATE UNIQUE INDEX "number_links_our_number_key" ON "number_links" USING btree ("our_number");--> statement-breakpoint
CREATE INDEX "number_links_survey_idx" ON "number_links" USING btree ("survey_id");--> statement-breakpoint
CREATE INDEX "survey_access_survey_idx" ON "survey_access" USING btree ("survey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_questions_survey_name_key" ON "survey_questions" USING btree ("survey_id","name");--> statement-breakpoint
CREATE INDEX "survey_questions_survey_position_idx" ON "survey_questions" USING btree ("survey_id","position");--> statement-breakpoint
CREATE INDEX "surveys_archived_name_idx" ON "surveys" USING btree ("archived_at","name");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_inbound_uuid_key" ON "webhook_events" USING btree ("message_uuid") WHERE "webhook_events"."kind" = 'inbound' and "webhook_events"."outcome" <> 'failed';--> statement-breakpoint
CREATE INDEX "webhook_events_outcome_id_idx" ON "webhook_events" USING btree ("outcome","id");--> statement-breakpoint
CREATE INDEX "webhook_events_unrouted_number_idx" ON "webhook_events" USING btree ("our_number","received_at") WHERE "webhook_events"."outcome" = 'unrouted';