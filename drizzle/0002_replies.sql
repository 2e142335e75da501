CREATE TABLE "send_pacing" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	CONSTRAINT "send_pacing_single_row" CHECK ("send_pacing"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "simulator_messages" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "simulator_messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"direction" text NOT NULL,
	"channel" "link_channel" NOT NULL,
	"our_number" text NOT NULL,
	"their_number" text NOT NULL,
	"text" text NOT NULL,
	"message_uuid" text NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "send_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sending_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "request_started_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "simulator_messages_phone_idx" ON "simulator_messages" USING btree ("their_number","id");--> statement-breakpoint
CREATE INDEX "messages_queued_idx" ON "messages" USING btree ("created_at") WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "webhook_events_pending_status_idx" ON "webhook_events" USING btree ("message_uuid") WHERE "webhook_events"."outcome" = 'status_unknown';