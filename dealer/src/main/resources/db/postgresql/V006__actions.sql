-- PostgreSQL's copy of ../V006__actions.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Remediation actions (DigitalOcean reboots), written through: the audit trail. Never the API token.
CREATE TABLE actions (
    id           BIGINT PRIMARY KEY,
    target_id    BIGINT NOT NULL,
    droplet_id   TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    requested_at BIGINT NOT NULL,
    api_status   BIGINT,
    action_id    BIGINT,
    final_status TEXT,
    error        TEXT,
    finished_at  BIGINT
);

CREATE INDEX actions_target ON actions (target_id, id);
