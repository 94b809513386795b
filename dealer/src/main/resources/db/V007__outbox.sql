-- Events caused by stored changes (a target or heartbeat going down or up), stored with the change and deleted once
-- every webhook is done with them; a dealer sends what is left here again at its next start, with the same id.
CREATE TABLE outbox (
    id      INTEGER PRIMARY KEY,
    type    TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    message TEXT    NOT NULL,
    fields  TEXT    NOT NULL
);
