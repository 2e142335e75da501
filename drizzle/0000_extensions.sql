-- Trigram indexes for searching case titles and notes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
