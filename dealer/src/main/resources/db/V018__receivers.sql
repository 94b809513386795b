-- Notification receivers defined at run time (API and page), beside the --notify webhooks of the command line.
-- kind: json, slack, discord, ntfy (url set) or email (email set: the SMTP settings as JSON, password included).
-- filter: JSON {"targets":[ids],"lists":[files],"tags":[tags],"events":[types]}; empty lists take everything.
-- url and the e-mail password are secrets: the dealer stores them here and never shows them whole.
CREATE TABLE receivers (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL,
    kind    TEXT    NOT NULL,
    url     TEXT,
    email   TEXT,
    filter  TEXT    NOT NULL,
    created INTEGER NOT NULL
);
