-- PostgreSQL's copy of ../V010__target_vantage.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- How many locations check a target each round, when its list row or file says (null: the dealer's --vantage).
ALTER TABLE targets ADD COLUMN vantage BIGINT;
