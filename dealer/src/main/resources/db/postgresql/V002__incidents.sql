-- PostgreSQL's copy of ../V002__incidents.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Periods of downtime, written through (never batched): opened by a confirmed up -> down, closed by down -> up.
-- No foreign key: an incident may be written before its (new) target's row is flushed; deleting a target
-- deletes its incidents in the same transaction.
CREATE TABLE incidents (
    id          BIGINT PRIMARY KEY,
    target_id   BIGINT NOT NULL,
    description TEXT,
    down_at     BIGINT NOT NULL,
    up_at       BIGINT,
    worker      TEXT
);

CREATE INDEX incidents_target ON incidents (target_id, id);
CREATE INDEX incidents_open ON incidents (up_at) WHERE up_at IS NULL;
