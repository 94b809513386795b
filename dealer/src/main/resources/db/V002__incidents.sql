-- Periods of downtime, written through (never batched): opened by a confirmed up -> down, closed by down -> up.
-- No foreign key: an incident may be written before its (new) target's row is flushed; deleting a target
-- deletes its incidents in the same transaction.
CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id   INTEGER NOT NULL,
    description TEXT,
    down_at     INTEGER NOT NULL,
    up_at       INTEGER,
    worker      TEXT
);

CREATE INDEX incidents_target ON incidents (target_id, id);
CREATE INDEX incidents_open ON incidents (up_at) WHERE up_at IS NULL;
