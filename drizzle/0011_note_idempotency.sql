ALTER TABLE "case_notes" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "case_notes_idempotency_key_key" ON "case_notes" USING btree ("idempotency_key");