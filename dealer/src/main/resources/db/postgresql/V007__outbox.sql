-- PostgreSQL's copy of ../V007__outbox.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Events caused by stored changes (a target or heartbeat going down or up), stored with the change and deleted once
-- every webhook is done with them; a dealer sends what is left here again at its next start, with the same id.
CREATE TABLE outbox (
    id      BIGINT PRIMARY KEY,
    type    TEXT    NOT NULL,
    at      BIGINT NOT NULL,
    message TEXT    NOT NULL,
    fields  TEXT    NOT NULL
);
