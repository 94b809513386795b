-- PostgreSQL's copy of ../V009__recent_checks.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Each target's last checks (the bar on its page, GET /api/targets/{id}/checks), newest first, in the compact
-- form dogdorm.dealer.checks.CheckCodec writes; rewritten with the stats row it belongs to. Older rows have none.
ALTER TABLE target_stats ADD COLUMN recent_checks BYTEA;
