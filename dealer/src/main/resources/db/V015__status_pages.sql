-- Public status pages, as the admin defines them (/api/status-pages): an address (slug), a title and description,
-- and what each shows: target ids and list files, as JSON arrays. Written by the flush, like every other change.
CREATE TABLE status_pages (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    targets     TEXT    NOT NULL,
    lists       TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL
);

