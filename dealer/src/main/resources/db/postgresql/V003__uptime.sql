-- PostgreSQL's copy of ../V003__uptime.sql: the same tables in PostgreSQL's types (64-bit integers, double precision,
-- bytea; ids are the dealer's own, so no sequences). Keep the two in step.
-- Uptime history: counts of good and failed checks per target per hour (epoch hours) for the last 30 days,
-- folded into days (epoch days) after that, and dropped after 400 days: growth is bounded.
CREATE TABLE uptime_hourly (
    target_id  BIGINT NOT NULL,
    hour       BIGINT NOT NULL,
    up         BIGINT NOT NULL,
    down       BIGINT NOT NULL,
    latency_sum DOUBLE PRECISION   NOT NULL,
    latency_n  BIGINT NOT NULL,
    PRIMARY KEY (target_id, hour)
);

CREATE INDEX uptime_hourly_hour ON uptime_hourly (hour);

CREATE TABLE uptime_daily (
    target_id  BIGINT NOT NULL,
    day        BIGINT NOT NULL,
    up         BIGINT NOT NULL,
    down       BIGINT NOT NULL,
    latency_sum DOUBLE PRECISION   NOT NULL,
    latency_n  BIGINT NOT NULL,
    PRIMARY KEY (target_id, day)
);
