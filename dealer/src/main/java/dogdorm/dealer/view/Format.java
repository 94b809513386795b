package dogdorm.dealer.view;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Small text formats shared by the pages. */
public final class Format {
    private Format() {}

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * A moment as a page shows it: {@code text} in words relative to the page's time ("3 min ago", "in 5 min"),
     * {@code utc} the exact time for a title, {@code iso} for {@code <time datetime>} (static/time.js keeps the
     * words current in the browser). Without a moment, {@code iso} and {@code utc} are empty and {@code text} says
     * why ("never", "checking"). {@code ahead}: a moment to come (a next check), which reads "due now" once passed,
     * never "ago".
     */
    public record When(String iso, String utc, String text, boolean ahead) {
        public static When none(String text) {
            return new When("", "", text, false);
        }
    }

    /** {@link #ago} for a past moment, {@link #in} for a future one; {@code none} when there is no moment. */
    public static When when(Instant then, Instant now, String none) {
        if (then == null) {
            return When.none(none);
        }
        // whole seconds, for the words too: the browser counts from the same time the page shows
        Instant s = then.truncatedTo(ChronoUnit.SECONDS);
        boolean ahead = s.isAfter(now);
        return new When(s.toString(), UTC.format(s), ahead ? in(s, now) : ago(s, now), ahead);
    }

    /** A moment things are due (a next check): "in 5 min", and "due now" once passed, never "ago". */
    public static When until(Instant then, Instant now, String none) {
        if (then == null) {
            return When.none(none);
        }
        Instant s = then.truncatedTo(ChronoUnit.SECONDS);
        return new When(s.toString(), UTC.format(s), in(s, now), true);
    }

    /** A past moment; "never" without one. */
    public static When when(Instant then, Instant now) {
        return when(then, now, "never");
    }

    /** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "never" for null. */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 90) return s + " s ago";
        if (s < 90 * 60) return (s / 60) + " min ago";
        if (s < 36 * 3600) return (s / 3600) + " h ago";
        return (s / 86400) + " d ago";
    }

    /** "in 5 min" style for future instants. */
    public static String in(Instant then, Instant now) {
        if (then == null) {
            return "";
        }
        long s = Duration.between(now, then).toSeconds();
        if (s <= 0) return "due now";
        if (s < 90) return "in " + s + " s";
        if (s < 90 * 60) return "in " + (s / 60) + " min";
        return "in " + (s / 3600) + " h";
    }

    public static String millis(Double ms) {
        if (ms == null) return "–";
        if (ms < 10) return String.format(Locale.ROOT, "%.2f ms", ms);
        if (ms < 100) return String.format(Locale.ROOT, "%.1f ms", ms);
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    public static String percent(Double pct) {
        if (pct == null) return "–";
        if (pct >= 99.995) return "100%";
        return String.format(Locale.ROOT, "%.2f%%", pct);
    }

    public static String score(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
