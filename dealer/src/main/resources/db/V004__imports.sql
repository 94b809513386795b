-- Candidates: list rows of kinds that are validated before they are monitored (STUN, TURN, MQTT, NTP).
CREATE TABLE candidates (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    family     INTEGER NOT NULL,
    host       TEXT,
    ip         TEXT,
    port       INTEGER NOT NULL,
    user       TEXT,
    password   TEXT,
    source     TEXT,
    state      TEXT    NOT NULL,
    attempts   INTEGER NOT NULL,
    last_error TEXT,
    last_tried INTEGER,
    services   TEXT    NOT NULL
);

-- DNS aliases: each host name and family the lists use, its current address and the last resolution.
CREATE TABLE aliases (
    id            INTEGER PRIMARY KEY,
    host          TEXT    NOT NULL,
    family        INTEGER NOT NULL,
    current       TEXT,
    last_resolved INTEGER,
    last_error    TEXT,
    UNIQUE (host, family)
);

-- Every address an alias resolved to, and when.
CREATE TABLE alias_addresses (
    alias_id   INTEGER NOT NULL REFERENCES aliases (id) ON DELETE CASCADE,
    address    TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    PRIMARY KEY (alias_id, address)
);
