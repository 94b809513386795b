-- Heartbeat tokens (dead man's switches). The definition columns (token .. resumed_at) are written through on
-- every change; the runtime columns (last_ping .. state_since) are written by the flush, with the pings.
CREATE TABLE heartbeats (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    token       TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    interval_ms INTEGER NOT NULL,
    grace_ms    INTEGER,
    enabled     INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    resumed_at  INTEGER,
    last_ping   INTEGER,
    last_source TEXT,
    last_start  INTEGER,
    last_run_ms INTEGER,
    failed_at   INTEGER,
    pings       INTEGER NOT NULL DEFAULT 0,
    state       TEXT    NOT NULL DEFAULT 'new',
    state_since INTEGER
);

-- The last 100 pings of each token (older ones are deleted by the flush).
CREATE TABLE heartbeat_pings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    heartbeat_id INTEGER NOT NULL REFERENCES heartbeats (id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    ignored      INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    source       TEXT,
    user_agent   TEXT,
    body         TEXT    NOT NULL,
    body_bytes   INTEGER NOT NULL,
    truncated    INTEGER NOT NULL,
    run_ms       INTEGER
);

CREATE INDEX heartbeat_pings_by_token ON heartbeat_pings (heartbeat_id, id);

-- Every state change of a token, recorded once: new/up/late/down/paused, and why.
CREATE TABLE heartbeat_transitions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    heartbeat_id INTEGER NOT NULL REFERENCES heartbeats (id) ON DELETE CASCADE,
    from_state   TEXT    NOT NULL,
    to_state     TEXT    NOT NULL,
    at           INTEGER NOT NULL,
    reason       TEXT    NOT NULL
);

CREATE INDEX heartbeat_transitions_by_token ON heartbeat_transitions (heartbeat_id, id);
