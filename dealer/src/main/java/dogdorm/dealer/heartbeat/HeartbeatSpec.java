package dogdorm.dealer.heartbeat;

import dogdorm.common.Durations;
import java.time.Duration;
import java.time.ZoneId;

/**
 * What the admin sets on a token: name, description, schedule (an interval of 30 s .. 30 d, or a 5-field cron
 * expression with an IANA time zone, UTC when none is given) and grace (30 s .. 30 d; null for the schedule's
 * default: 10% of the interval and at least 30 s, or 1h for cron). Validated here; every message names its field.
 */
public record HeartbeatSpec(String name, String description, Schedule schedule, Duration grace) {
    public static final Duration MIN = Duration.ofSeconds(30);
    public static final Duration MAX = Duration.ofDays(30);
    public static final int MAX_NAME = 100;
    public static final int MAX_DESCRIPTION = 1000;
    /** A cron schedule's time zone when none is given. */
    public static final ZoneId UTC = ZoneId.of("UTC");

    public HeartbeatSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: missing or blank");
        }
        name = name.strip();
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name: longer than " + MAX_NAME + " characters");
        }
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description: longer than " + MAX_DESCRIPTION + " characters");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("interval: missing (e.g. 5m, 1h, 1d)");
        }
        if (schedule instanceof Schedule.Every every) {
            inRange(every.interval(), "interval");
        }
        if (grace != null) {
            inRange(grace, "grace");
        }
    }

    /** From text fields with an interval: durations in the project's syntax; a blank grace means the default. */
    public static HeartbeatSpec parse(String name, String description, String interval, String grace) {
        return new HeartbeatSpec(name, description, Schedule.every(duration(interval, "interval", true)),
                duration(grace, "grace", false));
    }

    /**
     * From the fields of a form or a JSON body: an {@code interval} or a {@code cron} expression (one of them), with
     * {@code tz} for cron only (blank: UTC); blank fields count as not given.
     */
    public static HeartbeatSpec parse(String name, String description, String interval, String cron, String tz,
                                      String grace) {
        boolean hasCron = cron != null && !cron.isBlank();
        boolean hasInterval = interval != null && !interval.isBlank();
        if (hasCron && hasInterval) {
            throw new IllegalArgumentException("cron: give either an interval or a cron schedule, not both");
        }
        if (!hasCron && tz != null && !tz.isBlank()) {
            throw new IllegalArgumentException("tz: only for a cron schedule (an interval counts from each ping)");
        }
        if (!hasCron && !hasInterval) {
            throw new IllegalArgumentException("interval: missing (e.g. 5m, 1h, 1d), or give a cron schedule instead"
                    + " (cron, e.g. 30 2 * * *)");
        }
        Schedule schedule = hasCron ? new Schedule.Cron(cron(cron), zone(tz))
                : Schedule.every(duration(interval, "interval", true));
        return new HeartbeatSpec(name, description, schedule, duration(grace, "grace", false));
    }

    /** 10% of the interval, at least 30 s. */
    public static Duration defaultGrace(Duration interval) {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(MIN) < 0 ? MIN : tenth;
    }

    private static CronExpression cron(String text) {
        try {
            return CronExpression.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron: " + e.getMessage());
        }
    }

    /** An IANA time zone name ({@code Europe/Berlin}, {@code UTC}); blank is UTC. Offsets alone are refused. */
    static ZoneId zone(String tz) {
        if (tz == null || tz.isBlank()) {
            return UTC;
        }
        String id = tz.strip();
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new IllegalArgumentException("tz: '" + id + "' is not a time zone name (an IANA name such as"
                    + " Europe/Berlin, America/New_York or UTC)");
        }
        return ZoneId.of(id);
    }

    private static Duration duration(String text, String field, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + ": missing (e.g. 5m, 1h, 1d)");
            }
            return null;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    private static void inRange(Duration d, String field) {
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(field + ": " + Durations.format(d) + " is outside "
                    + Durations.format(MIN) + ".." + Durations.format(MAX));
        }
    }
}
