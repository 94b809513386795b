-- What each target is (changes rarely: list edits, address moves) ...
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    family      INTEGER NOT NULL,
    transport   TEXT    NOT NULL,
    host        TEXT,
    ip          TEXT,
    port        INTEGER NOT NULL,
    user        TEXT,
    password    TEXT,
    grp         TEXT,
    source      TEXT,
    interval_ms INTEGER,
    timeout_ms  INTEGER,
    options     TEXT,
    candidate   INTEGER
);

CREATE UNIQUE INDEX targets_key ON targets (kind, family, transport, lower(coalesce(host, ip)), port);

-- ... and how it is doing (changes with every result): kept apart so a flush of results writes narrow rows.
-- Times are epoch milliseconds (UTC).
CREATE TABLE target_stats (
    target_id       INTEGER PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
    checks          INTEGER NOT NULL DEFAULT 0,
    failures        INTEGER NOT NULL DEFAULT 0,
    streak          INTEGER NOT NULL DEFAULT 0,
    last_check      INTEGER,
    last_success    INTEGER,
    uptime_s        INTEGER NOT NULL DEFAULT 0,
    max_uptime_s    INTEGER NOT NULL DEFAULT 0,
    latency_last_ms REAL,
    latency_sum_ms  REAL    NOT NULL DEFAULT 0,
    latency_count   INTEGER NOT NULL DEFAULT 0,
    decayed_good    REAL    NOT NULL DEFAULT 0,
    decayed_seen    REAL    NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL DEFAULT 'unknown',
    state_since     INTEGER,
    last_error      TEXT,
    last_worker     TEXT,
    next_due        INTEGER
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
