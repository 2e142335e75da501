-- SPEC §9: search in message bodies and thread notes by whole words, any case, any accent.
-- caseline_search is the `simple` configuration (lower case, no stemming, no stop words) with
-- the unaccent dictionary in front for words with non-ASCII letters: "Café" is stored as
-- "cafe", and ts_headline still shows the original word. to_tsvector with a named
-- configuration is IMMUTABLE, so the indexes below are on that expression.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION caseline_search (COPY = pg_catalog.simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION caseline_search
  ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;--> statement-breakpoint
CREATE INDEX "case_notes_text_search_idx" ON "case_notes" USING gin (to_tsvector('caseline_search', "text"));--> statement-breakpoint
CREATE INDEX "messages_text_search_idx" ON "messages" USING gin (to_tsvector('caseline_search', "text"));
