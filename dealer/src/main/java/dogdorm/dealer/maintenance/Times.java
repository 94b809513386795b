package dogdorm.dealer.maintenance;

import dogdorm.common.Durations;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a maintenance window is open: {@link Once} (from a start to an end) or {@link Weekly} (on some days of the
 * week, from a local time, for a duration, in an IANA time zone). Pure functions of an instant: no clock inside.
 * An occurrence covers its start and not its end.
 */
public sealed interface Times permits Times.Once, Times.Weekly {
    /** The shortest window. */
    Duration MIN = Duration.ofMinutes(1);
    /** The longest one-off window. */
    Duration MAX_ONCE = Duration.ofDays(366);
    /** The longest weekly window: a week (a longer one would overlap its own next week). */
    Duration MAX_WEEKLY = Duration.ofDays(7);

    /** One time a window is open: from {@code start} (included) to {@code end} (not included). */
    record Occurrence(Instant start, Instant end) {
        public boolean covers(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** The occurrence open at {@code t}, or null; of several open at once (a weekly one), the one that ends last. */
    Occurrence at(Instant t);

    /** The first occurrence that starts after {@code t}, or null when none will. */
    Occurrence next(Instant t);

    /** The latest end of an occurrence at or before {@code t}, or null when none has ended. */
    Instant lastEnd(Instant t);

    /** The time zone its times are given in (and shown in). */
    ZoneId zone();

    /** Open once, from {@code start} to {@code end}; {@code zone} is how the pages show the two. */
    record Once(Instant start, Instant end, ZoneId zone) implements Times {
        public Once {
            if (start == null) throw new IllegalArgumentException("start: missing");
            if (end == null) throw new IllegalArgumentException("end: missing");
            if (zone == null) throw new IllegalArgumentException("tz: missing");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("end: " + end + " is not after start (" + start + ")");
            }
            Duration length = Duration.between(start, end);
            if (length.compareTo(MIN) < 0) {
                throw new IllegalArgumentException("end: the window would last " + Durations.format(length)
                        + "; at least " + Durations.format(MIN));
            }
            if (length.compareTo(MAX_ONCE) > 0) {
                throw new IllegalArgumentException("end: the window would last " + Durations.format(length)
                        + "; at most " + Durations.format(MAX_ONCE));
            }
        }

        @Override
        public Occurrence at(Instant t) {
            Occurrence o = new Occurrence(start, end);
            return o.covers(t) ? o : null;
        }

        @Override
        public Occurrence next(Instant t) {
            return start.isAfter(t) ? new Occurrence(start, end) : null;
        }

        @Override
        public Instant lastEnd(Instant t) {
            return end.isAfter(t) ? null : end;
        }
    }

    /**
     * Open every week on {@code days}, from {@code time} (local time in {@code zone}) for {@code duration} of real
     * time. Across a change of the clocks the local start stays: 02:00 in Europe/Berlin is 01:00 UTC in winter and
     * 00:00 UTC in summer. A start that falls into the hour skipped in spring begins when the clocks have gone
     * forward (02:30 on that night is 03:30 summer time); one that happens twice in autumn is the first (summer
     * time). A window that runs past midnight belongs to the day it starts.
     */
    record Weekly(Set<DayOfWeek> days, LocalTime time, Duration duration, ZoneId zone) implements Times {
        /** How many days back an occurrence may have started and still be open (a week, and a day for DST). */
        private static final int REACH = 8;

        public Weekly {
            if (days == null || days.isEmpty()) {
                throw new IllegalArgumentException("days: missing: at least one day of the week");
            }
            days = Collections.unmodifiableSet(EnumSet.copyOf(days));
            if (time == null) throw new IllegalArgumentException("time: missing (e.g. 02:00)");
            if (duration == null) throw new IllegalArgumentException("duration: missing (e.g. 2h)");
            if (zone == null) throw new IllegalArgumentException("tz: missing");
            if (duration.compareTo(MIN) < 0) {
                throw new IllegalArgumentException("duration: " + Durations.format(duration) + " is shorter than "
                        + Durations.format(MIN));
            }
            if (duration.compareTo(MAX_WEEKLY) > 0) {
                throw new IllegalArgumentException("duration: " + Durations.format(duration)
                        + " is longer than a week (" + Durations.format(MAX_WEEKLY) + ")");
            }
        }

        /** The occurrence that starts on local date {@code d}. */
        Occurrence on(LocalDate d) {
            Instant s = ZonedDateTime.of(d, time, zone).toInstant();
            return new Occurrence(s, s.plus(duration));
        }

        @Override
        public Occurrence at(Instant t) {
            LocalDate today = t.atZone(zone).toLocalDate();
            Occurrence best = null;
            for (int k = 0; k <= REACH; k++) {
                LocalDate d = today.minusDays(k);
                if (days.contains(d.getDayOfWeek())) {
                    Occurrence o = on(d);
                    if (o.covers(t) && (best == null || o.end().isAfter(best.end()))) {
                        best = o;
                    }
                }
            }
            return best;
        }

        @Override
        public Occurrence next(Instant t) {
            LocalDate today = t.atZone(zone).toLocalDate();
            for (int k = -1; k <= REACH; k++) {
                LocalDate d = today.plusDays(k);
                if (days.contains(d.getDayOfWeek())) {
                    Occurrence o = on(d);
                    if (o.start().isAfter(t)) {
                        return o;
                    }
                }
            }
            return null; // not reached: every week has one of its days
        }

        @Override
        public Instant lastEnd(Instant t) {
            LocalDate today = t.atZone(zone).toLocalDate();
            Instant last = null;
            for (int k = 0; k <= REACH; k++) {
                LocalDate d = today.minusDays(k);
                if (days.contains(d.getDayOfWeek())) {
                    Instant end = on(d).end();
                    if (!end.isAfter(t) && (last == null || end.isAfter(last))) {
                        last = end;
                    }
                }
            }
            return last;
        }
    }
}
