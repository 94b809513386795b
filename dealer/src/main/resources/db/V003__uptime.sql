-- Uptime history: counts of good and failed checks per target per hour (epoch hours) for the last 30 days,
-- folded into days (epoch days) after that, and dropped after 400 days: growth is bounded.
CREATE TABLE uptime_hourly (
    target_id  INTEGER NOT NULL,
    hour       INTEGER NOT NULL,
    up         INTEGER NOT NULL,
    down       INTEGER NOT NULL,
    latency_sum REAL   NOT NULL,
    latency_n  INTEGER NOT NULL,
    PRIMARY KEY (target_id, hour)
) WITHOUT ROWID;

CREATE INDEX uptime_hourly_hour ON uptime_hourly (hour);

CREATE TABLE uptime_daily (
    target_id  INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    up         INTEGER NOT NULL,
    down       INTEGER NOT NULL,
    latency_sum REAL   NOT NULL,
    latency_n  INTEGER NOT NULL,
    PRIMARY KEY (target_id, day)
) WITHOUT ROWID;
