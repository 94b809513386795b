-- Remediation actions (DigitalOcean reboots), written through: the audit trail. Never the API token.
CREATE TABLE actions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id    INTEGER NOT NULL,
    droplet_id   TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    requested_at INTEGER NOT NULL,
    api_status   INTEGER,
    action_id    INTEGER,
    final_status TEXT,
    error        TEXT,
    finished_at  INTEGER
);

CREATE INDEX actions_target ON actions (target_id, id);
