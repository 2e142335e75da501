CREATE TYPE "public"."media_state" AS ENUM('pending', 'saved', 'failed');--> statement-breakpoint
CREATE TYPE "public"."opt_out_action" AS ENUM('opted_out', 'opted_in');--> statement-breakpoint
ALTER TYPE "public"."case_event_type" ADD VALUE 'opted_out';--> statement-breakpoint
ALTER TYPE "public"."case_event_type" ADD VALUE 'opted_in';--> statement-breakpoint
CREATE TABLE "media_blobs" (
	"key" text PRIMARY KEY NOT NULL,
	"file_id" bigint NOT NULL,
	"size" bigint DEFAULT 0 NOT NULL,
	"chunk_size" integer NOT NULL,
	"complete" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_chunks" (
	"blob_key" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "media_chunks_blob_key_seq_pk" PRIMARY KEY("blob_key","seq")
);
--> statement-breakpoint
CREATE TABLE "media_files" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "media_files_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"message_id" bigint,
	"direction" "message_direction" NOT NULL,
	"kind" text NOT NULL,
	"state" "media_state" DEFAULT 'pending' NOT NULL,
	"source_url" text,
	"name" text,
	"content_type" text,
	"size" bigint,
	"sha256" text,
	"storage_key" text,
	"failure_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"uploaded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"saved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "opt_out_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "opt_out_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"our_number" text NOT NULL,
	"their_number" text NOT NULL,
	"action" "opt_out_action" NOT NULL,
	"keyword" text NOT NULL,
	"message_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"our_number" text NOT NULL,
	"their_number" text NOT NULL,
	"keyword" text NOT NULL,
	"message_id" bigint,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opt_outs_our_number_their_number_pk" PRIMARY KEY("our_number","their_number")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_template_links" (
	"template_id" integer NOT NULL,
	"link_id" integer NOT NULL,
	CONSTRAINT "whatsapp_template_links_template_id_link_id_pk" PRIMARY KEY("template_id","link_id")
);
--> statement-breakpoint
CREATE TABLE "whatsapp_templates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "whatsapp_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "automatic_kind" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "template" jsonb;--> statement-breakpoint
ALTER TABLE "number_links" ADD COLUMN "opt_out_confirmation" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "number_links" ADD COLUMN "help_text" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "media_blobs" ADD CONSTRAINT "media_blobs_file_id_media_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."media_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_chunks" ADD CONSTRAINT "media_chunks_blob_key_media_blobs_key_fk" FOREIGN KEY ("blob_key") REFERENCES "public"."media_blobs"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_files" ADD CONSTRAINT "media_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_out_events" ADD CONSTRAINT "opt_out_events_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_template_links" ADD CONSTRAINT "whatsapp_template_links_template_id_whatsapp_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."whatsapp_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_template_links" ADD CONSTRAINT "whatsapp_template_links_link_id_number_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."number_links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_templates" ADD CONSTRAINT "whatsapp_templates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_blobs_file_idx" ON "media_blobs" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "media_blobs_incomplete_idx" ON "media_blobs" USING btree ("created_at") WHERE not "media_blobs"."complete";--> statement-breakpoint
CREATE UNIQUE INDEX "media_files_message_key" ON "media_files" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "media_files_pending_idx" ON "media_files" USING btree ("next_attempt_at") WHERE "media_files"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "media_files_unattached_idx" ON "media_files" USING btree ("created_at") WHERE "media_files"."message_id" is null;--> statement-breakpoint
CREATE INDEX "opt_out_events_pair_at_idx" ON "opt_out_events" USING btree ("their_number","our_number","at");--> statement-breakpoint
CREATE INDEX "opt_out_events_message_idx" ON "opt_out_events" USING btree ("message_id") WHERE "opt_out_events"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "opt_outs_since_idx" ON "opt_outs" USING btree ("since");--> statement-breakpoint
CREATE INDEX "opt_outs_their_number_idx" ON "opt_outs" USING btree ("their_number" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "opt_outs_message_idx" ON "opt_outs" USING btree ("message_id") WHERE "opt_outs"."message_id" is not null;--> statement-breakpoint
CREATE INDEX "whatsapp_template_links_link_idx" ON "whatsapp_template_links" USING btree ("link_id");--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_templates_name_locale_key" ON "whatsapp_templates" USING btree ("name","locale");--> statement-breakpoint
-- Images, audio and video are compressed already: TOAST compression would only cost CPU.
ALTER TABLE "media_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;
