-- SPEC §9: search in message bodies and thread notes by whole words, any case, any accent.
-- caseline_search is the `simple` configuration (lower case, no stemming, no stop words) with
-- the unaccent dictionary in front for words with non-ASCII letters: "Café" is kept as
-- "cafe", and ts_headline still shows the original word. to_tsvector with a named
-- configuration is IMMUTABLE, so it can be stored and indexed.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION caseline_search (COPY = pg_catalog.simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION caseline_search
  ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;--> statement-breakpoint
-- Messages keep their words in a stored column rather than an index on the expression: the
-- search for a common word walks cases newest first and tests their messages one by one,
-- which reading a stored vector does about 5 times faster than parsing each text again
-- (measured at 10M messages: README, Benchmarks). Positions are stripped: nothing needs them
-- (no phrase search), and that saves a third of the column. Adding the column rewrites the
-- table and rebuilds its indexes, hence more memory than the default for this transaction.
SET LOCAL maintenance_work_mem = '256MB';--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (strip(to_tsvector('caseline_search', "text"))) STORED;--> statement-breakpoint
DROP INDEX "case_messages_message_idx";--> statement-breakpoint
CREATE INDEX "case_messages_message_case_idx" ON "case_messages" USING btree ("message_id","case_id");--> statement-breakpoint
CREATE INDEX "case_notes_text_search_idx" ON "case_notes" USING gin (to_tsvector('caseline_search', "text"));--> statement-breakpoint
CREATE INDEX "messages_search_vector_idx" ON "messages" USING gin (search_vector);--> statement-breakpoint
-- The search chooses its plan from these statistics (lib/cases/text-search.ts): gather them
-- now rather than whenever autovacuum next analyzes the tables.
ANALYZE "messages";--> statement-breakpoint
ANALYZE "case_messages";--> statement-breakpoint
ANALYZE "case_notes";
