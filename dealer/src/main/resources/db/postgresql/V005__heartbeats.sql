-- PostgreSQL's copy of ../V005__heartbeats.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Heartbeat tokens (dead man's switches). The definition columns (token .. resumed_at) are written through on
-- every change; the runtime columns (last_ping .. state_since) are written by the flush, with the pings.
CREATE TABLE heartbeats (
    id          BIGINT PRIMARY KEY,
    token       TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    interval_ms BIGINT NOT NULL,
    grace_ms    BIGINT,
    enabled     BIGINT NOT NULL,
    created     BIGINT NOT NULL,
    resumed_at  BIGINT,
    last_ping   BIGINT,
    last_source TEXT,
    last_start  BIGINT,
    last_run_ms BIGINT,
    failed_at   BIGINT,
    pings       BIGINT NOT NULL DEFAULT 0,
    state       TEXT    NOT NULL DEFAULT 'new',
    state_since BIGINT
);

-- The last 100 pings of each token (older ones are deleted by the flush).
CREATE TABLE heartbeat_pings (
    id           BIGINT PRIMARY KEY,
    heartbeat_id BIGINT NOT NULL REFERENCES heartbeats (id) ON DELETE CASCADE,
    at           BIGINT NOT NULL,
    kind         TEXT    NOT NULL,
    ignored      BIGINT NOT NULL,
    method       TEXT    NOT NULL,
    source       TEXT,
    user_agent   TEXT,
    body         TEXT    NOT NULL,
    body_bytes   BIGINT NOT NULL,
    truncated    BIGINT NOT NULL,
    run_ms       BIGINT
);

CREATE INDEX heartbeat_pings_by_token ON heartbeat_pings (heartbeat_id, id);

-- Every state change of a token, recorded once: new/up/late/down/paused, and why.
CREATE TABLE heartbeat_transitions (
    id           BIGINT PRIMARY KEY,
    heartbeat_id BIGINT NOT NULL REFERENCES heartbeats (id) ON DELETE CASCADE,
    from_state   TEXT    NOT NULL,
    to_state     TEXT    NOT NULL,
    at           BIGINT NOT NULL,
    reason       TEXT    NOT NULL
);

CREATE INDEX heartbeat_transitions_by_token ON heartbeat_transitions (heartbeat_id, id);
