package dogdorm.dealer.heartbeat;

import dogdorm.common.Durations;
import java.time.Duration;

/**
 * What the admin sets on a token: name, description, expected interval (30 s .. 30 d) and grace (30 s .. 30 d;
 * null for the default, 10% of the interval and at least 30 s). Validated here; every message names its field.
 */
public record HeartbeatSpec(String name, String description, Duration interval, Duration grace) {
    public static final Duration MIN = Duration.ofSeconds(30);
    public static final Duration MAX = Duration.ofDays(30);
    public static final int MAX_NAME = 100;
    public static final int MAX_DESCRIPTION = 1000;

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
        if (interval == null) {
            throw new IllegalArgumentException("interval: missing (e.g. 5m, 1h, 1d)");
        }
        inRange(interval, "interval");
        if (grace != null) {
            inRange(grace, "grace");
        }
    }

    /** From text fields (a form, a JSON body): durations in the project's syntax; a blank grace means the default. */
    public static HeartbeatSpec parse(String name, String description, String interval, String grace) {
        return new HeartbeatSpec(name, description, duration(interval, "interval", true),
                duration(grace, "grace", false));
    }

    /** 10% of the interval, at least 30 s. */
    public static Duration defaultGrace(Duration interval) {
        Duration tenth = interval.dividedBy(10);
        return tenth.compareTo(MIN) < 0 ? MIN : tenth;
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
