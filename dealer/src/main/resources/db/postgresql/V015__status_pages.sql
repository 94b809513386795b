-- PostgreSQL's copy of ../V015__status_pages.sql: the same tables in PostgreSQL's types (64-bit integers, double
-- precision, bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Public status pages, as the admin defines them (/api/status-pages): an address (slug), a title and description,
-- and what each shows: target ids and list files, as JSON arrays. Written by the flush, like every other change.
CREATE TABLE status_pages (
    id          BIGINT PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    targets     TEXT    NOT NULL,
    lists       TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    updated     BIGINT  NOT NULL
);

