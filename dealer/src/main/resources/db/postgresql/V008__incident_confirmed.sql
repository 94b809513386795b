-- PostgreSQL's copy of ../V008__incident_confirmed.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- When an incident was confirmed (the check that made the target down), beside down_at (its first failed check).
-- Older rows have none.
ALTER TABLE incidents ADD COLUMN confirmed_at BIGINT;
