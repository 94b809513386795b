-- PostgreSQL's copy of ../V001__targets.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- What each target is (changes rarely: list edits, address moves) ...
CREATE TABLE targets (
    id          BIGINT PRIMARY KEY,
    kind        TEXT    NOT NULL,
    family      BIGINT NOT NULL,
    transport   TEXT    NOT NULL,
    host        TEXT,
    ip          TEXT,
    port        BIGINT NOT NULL,
    "user"        TEXT,
    password    TEXT,
    grp         TEXT,
    source      TEXT,
    interval_ms BIGINT,
    timeout_ms  BIGINT,
    options     TEXT,
    candidate   BIGINT
);

CREATE UNIQUE INDEX targets_key ON targets (kind, family, transport, lower(coalesce(host, ip)), port);

-- ... and how it is doing (changes with every result): kept apart so a flush of results writes narrow rows.
-- Times are epoch milliseconds (UTC).
CREATE TABLE target_stats (
    target_id       BIGINT PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
    checks          BIGINT NOT NULL DEFAULT 0,
    failures        BIGINT NOT NULL DEFAULT 0,
    streak          BIGINT NOT NULL DEFAULT 0,
    last_check      BIGINT,
    last_success    BIGINT,
    uptime_s        BIGINT NOT NULL DEFAULT 0,
    max_uptime_s    BIGINT NOT NULL DEFAULT 0,
    latency_last_ms DOUBLE PRECISION,
    latency_sum_ms  DOUBLE PRECISION    NOT NULL DEFAULT 0,
    latency_count   BIGINT NOT NULL DEFAULT 0,
    decayed_good    DOUBLE PRECISION    NOT NULL DEFAULT 0,
    decayed_seen    DOUBLE PRECISION    NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL DEFAULT 'unknown',
    state_since     BIGINT,
    last_error      TEXT,
    last_worker     TEXT,
    next_due        BIGINT
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
