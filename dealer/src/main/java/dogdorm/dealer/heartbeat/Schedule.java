package dogdorm.dealer.heartbeat;

import dogdorm.common.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * When a token expects its pings: every so long after the last one ({@link Every}), or after each run of a cron
 * schedule in a time zone ({@link Cron}, as Healthchecks does).
 */
public sealed interface Schedule {
    /** The grace of a cron schedule when none is set: the time its job has to run and ping (Healthchecks' too). */
    Duration CRON_GRACE = Duration.ofHours(1);

    /**
     * When the next ping is due, the last ping (or the resume) having come at {@code from}; null when no run is
     * expected any more.
     */
    Instant dueAfter(Instant from);

    /** The grace when none is set. */
    Duration defaultGrace();

    /** In words, for a log line or a page: {@code every 1h}, {@code cron 30 2 * * * (Europe/Berlin)}. */
    String describe();

    /** Why a token is late, its ping having been due at {@code due}: {@code no ping within its interval of 1h}. */
    String missed(Instant due);

    static Schedule every(Duration interval) {
        return new Every(interval);
    }

    /** A ping every {@code interval}, counted from the last one: late at exactly the interval. */
    record Every(Duration interval) implements Schedule {
        public Every {
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public Instant dueAfter(Instant from) {
            return from.plus(interval);
        }

        /** 10% of the interval, at least 30 s. */
        @Override
        public Duration defaultGrace() {
            return HeartbeatSpec.defaultGrace(interval);
        }

        @Override
        public String describe() {
            return "every " + Durations.format(interval);
        }

        @Override
        public String missed(Instant due) {
            return "no ping within its interval of " + Durations.format(interval);
        }
    }

    /**
     * A ping after each run of {@code expression} in {@code zone}: the next one is due at the first run after the
     * last ping, late from then, down once the grace has passed too. Clock changes as {@link CronExpression} says.
     */
    record Cron(CronExpression expression, ZoneId zone) implements Schedule {
        private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Instant dueAfter(Instant from) {
            return expression.nextAfter(from, zone);
        }

        @Override
        public Duration defaultGrace() {
            return CRON_GRACE;
        }

        @Override
        public String describe() {
            return "cron " + expression.text() + " (" + zone.getId() + ")";
        }

        @Override
        public String missed(Instant due) {
            return "no ping for its run due at " + local(due);
        }

        /** {@code 2026-03-30 02:30 Europe/Berlin}: a run's time as its crontab names it. */
        public String local(Instant at) {
            return LOCAL.format(at.atZone(zone)) + " " + zone.getId();
        }
    }
}
