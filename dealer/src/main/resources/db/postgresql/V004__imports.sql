-- PostgreSQL's copy of ../V004__imports.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Candidates: list rows of kinds that are validated before they are monitored (STUN, TURN, MQTT, NTP).
CREATE TABLE candidates (
    id         BIGINT PRIMARY KEY,
    kind       TEXT    NOT NULL,
    family     BIGINT NOT NULL,
    host       TEXT,
    ip         TEXT,
    port       BIGINT NOT NULL,
    "user"       TEXT,
    password   TEXT,
    source     TEXT,
    state      TEXT    NOT NULL,
    attempts   BIGINT NOT NULL,
    last_error TEXT,
    last_tried BIGINT,
    services   TEXT    NOT NULL
);

-- DNS aliases: each host name and family the lists use, its current address and the last resolution.
CREATE TABLE aliases (
    id            BIGINT PRIMARY KEY,
    host          TEXT    NOT NULL,
    family        BIGINT NOT NULL,
    current       TEXT,
    last_resolved BIGINT,
    last_error    TEXT,
    UNIQUE (host, family)
);

-- Every address an alias resolved to, and when.
CREATE TABLE alias_addresses (
    alias_id   BIGINT NOT NULL REFERENCES aliases (id) ON DELETE CASCADE,
    address    TEXT    NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL,
    PRIMARY KEY (alias_id, address)
);
