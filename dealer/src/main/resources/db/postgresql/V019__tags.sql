-- PostgreSQL's copy of ../V019__tags.sql: the same columns in PostgreSQL's types. Keep the two in step.
-- Tags: a target's are written as one string separated by ';' (null: none); a maintenance window may cover every
-- target with a tag, and a status page show them (a JSON list of tags, like its lists).
ALTER TABLE targets ADD COLUMN tags TEXT;
ALTER TABLE maintenance_windows ADD COLUMN tag TEXT;
ALTER TABLE status_pages ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
