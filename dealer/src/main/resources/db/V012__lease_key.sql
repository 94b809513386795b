-- The key that signs leases, shared by the dealers of one database so the one that takes over knows its
-- predecessor's leases (a SQLite dealer keeps its key in its data folder, lease.key, and leaves this empty).
CREATE TABLE lease_key (
    id  BIGINT PRIMARY KEY,
    key BLOB NOT NULL
);
