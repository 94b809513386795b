-- PostgreSQL's copy of ../V016__target_paused.sql: the same tables in PostgreSQL's types (64-bit integers, double
-- precision, bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- When an admin paused a target (epoch ms; null: it is checked).
ALTER TABLE target_stats ADD COLUMN paused_at BIGINT;
