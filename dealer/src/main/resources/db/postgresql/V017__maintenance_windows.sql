-- PostgreSQL's copy of ../V017__maintenance_windows.sql. Keep the two in step.
-- Maintenance windows, written through when the admin changes one (never batched with the flush). A window applies
-- to one target (target_id) or to every target of one list file (list_file), and is open once (starts_at .. ends_at,
-- epoch milliseconds) or every week (days 'mon,sat', start_time '02:00' local to tz, duration_ms of real time).
-- No foreign key: a window outlives a target that goes, and then covers nothing. Ids are the dealer's own; the
-- highest given is kept in meta (last_maintenance_id).
CREATE TABLE maintenance_windows (
    id          BIGINT PRIMARY KEY,
    name        TEXT    NOT NULL DEFAULT '',
    target_id   BIGINT,
    list_file   TEXT,
    starts_at   BIGINT,
    ends_at     BIGINT,
    days        TEXT,
    start_time  TEXT,
    duration_ms BIGINT,
    tz          TEXT    NOT NULL,
    created     BIGINT NOT NULL
);
