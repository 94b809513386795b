package dogdorm.dealer.view;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Small text formats shared by the pages. */
public final class Format {
    private Format() {}

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
