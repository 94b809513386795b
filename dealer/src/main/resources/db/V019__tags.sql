-- Tags: a person's words for grouping targets across lists (home, prod). A target's are its list row's tags= or
-- what the UI gave it, written as one string separated by ';' (null: none). A maintenance window may cover every
-- target with a tag, and a status page show them (a JSON list of tags, like its lists).
ALTER TABLE targets ADD COLUMN tags TEXT;
ALTER TABLE maintenance_windows ADD COLUMN tag TEXT;
ALTER TABLE status_pages ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
