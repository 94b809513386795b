-- A heartbeat token's schedule may be a cron expression (5 fields) in an IANA time zone instead of an interval:
-- then cron and tz are set and interval_ms is 0.
ALTER TABLE heartbeats ADD COLUMN cron TEXT;
ALTER TABLE heartbeats ADD COLUMN tz TEXT;
