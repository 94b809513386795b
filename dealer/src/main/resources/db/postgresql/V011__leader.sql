-- Which dealer leads, as a number that only grows: a dealer that takes the database's writer lock raises it and
-- writes only while it is still its own (a fencing token: a deposed dealer's late write is refused). One row.
-- SQLite's folder lock leaves one dealer per file, so there it stays at what the first start put.
CREATE TABLE leader (
    epoch BIGINT NOT NULL
);
