CREATE TYPE "public"."notification_email_state" AS ENUM('pending', 'queued', 'sent', 'skipped', 'failed');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('assigned', 'mentioned', 'new_message', 'sla_breached');--> statement-breakpoint
CREATE TYPE "public"."response_due_kind" AS ENUM('first_response', 'next_response');--> statement-breakpoint
ALTER TYPE "public"."case_event_type" ADD VALUE 'auto_closed';--> statement-breakpoint
ALTER TYPE "public"."case_event_type" ADD VALUE 'sla_breached';--> statement-breakpoint
CREATE TABLE "notification_email_throttle" (
	"user_id" integer NOT NULL,
	"case_id" bigint NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_email_throttle_user_id_case_id_pk" PRIMARY KEY("user_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"case_id" bigint NOT NULL,
	"actor_user_id" integer,
	"message_id" bigint,
	"note_id" bigint,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"email_state" "notification_email_state",
	"emailed_at" timestamp with time zone,
	"email_detail" text
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "response_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "response_due_kind" "response_due_kind";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "breach_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_response_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "number_links" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "number_links" ADD COLUMN "business_hours" jsonb;--> statement-breakpoint
ALTER TABLE "number_links" ADD COLUMN "out_of_hours_reply" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "surveys" ADD COLUMN "first_response_minutes" integer;--> statement-breakpoint
ALTER TABLE "surveys" ADD COLUMN "next_response_minutes" integer;--> statement-breakpoint
ALTER TABLE "surveys" ADD COLUMN "auto_close_days" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email_notifications" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_email_throttle" ADD CONSTRAINT "notification_email_throttle_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_email_throttle" ADD CONSTRAINT "notification_email_throttle_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_note_id_case_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."case_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_email_throttle_case_idx" ON "notification_email_throttle" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "notifications_email_pending_idx" ON "notifications" USING btree ("id") WHERE "notifications"."email_state" = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_case_idx" ON "notifications" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "notifications_message_idx" ON "notifications" USING btree ("message_id") WHERE "notifications"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "notifications_note_idx" ON "notifications" USING btree ("note_id") WHERE "notifications"."note_id" is not null;--> statement-breakpoint
CREATE INDEX "cases_survey_response_due_idx" ON "cases" USING btree ("survey_id","response_due_at") WHERE "cases"."response_due_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_breach_scan_idx" ON "cases" USING btree ("response_due_at") WHERE "cases"."response_due_at" is not null and "cases"."breach_notified_at" is null;--> statement-breakpoint
CREATE INDEX "cases_survey_created_idx" ON "cases" USING btree ("survey_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_survey_closed_idx" ON "cases" USING btree ("survey_id","closed_at") WHERE "cases"."closed_at" is not null;--> statement-breakpoint
-- SPEC §13/§14: every way a case opens or closes (an edit, a move, a change of the survey's
-- case settings, closing by time) goes through `open`, so one trigger keeps closed_at for the
-- reports, and clears the service-level due time of a closed case (nothing is awaited).
CREATE FUNCTION "cases_track_closing"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.open THEN
    NEW.closed_at := NULL;
  ELSE
    IF TG_OP = 'INSERT' OR OLD.open THEN
      NEW.closed_at := coalesce(NEW.closed_at, now());
    END IF;
    NEW.response_due_at := NULL;
    NEW.response_due_kind := NULL;
    NEW.breach_notified_at := NULL;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "cases_track_closing_insert" BEFORE INSERT ON "cases" FOR EACH ROW EXECUTE FUNCTION "cases_track_closing"();--> statement-breakpoint
CREATE TRIGGER "cases_track_closing_update" BEFORE UPDATE OF "open" ON "cases" FOR EACH ROW
  WHEN (OLD.open IS DISTINCT FROM NEW.open) EXECUTE FUNCTION "cases_track_closing"();--> statement-breakpoint
-- Cases closed before this migration: their last closing in the history, else their last change.
UPDATE "cases" c SET "closed_at" = coalesce(
  (SELECT max(e.at) FROM "case_events" e WHERE e.case_id = c.id AND e.type = 'closed'), c.updated_at)
WHERE NOT c.open;--> statement-breakpoint
-- Cases answered before this migration: their first reply that was not automatic.
UPDATE "cases" c SET "first_response_at" = f.at
FROM (
  SELECT cm.case_id, min(m.at) AS at
  FROM "case_messages" cm JOIN "messages" m ON m.id = cm.message_id
  WHERE m.direction = 'outbound' AND NOT m.automatic
  GROUP BY cm.case_id
) f
WHERE f.case_id = c.id;
