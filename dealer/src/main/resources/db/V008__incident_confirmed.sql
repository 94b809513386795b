-- When an incident was confirmed (the check that made the target down), beside down_at (its first failed check).
-- Older rows have none.
ALTER TABLE incidents ADD COLUMN confirmed_at INTEGER;
