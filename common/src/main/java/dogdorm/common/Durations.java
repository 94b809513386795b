package dogdorm.common;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax used everywhere (command line, keepalive config, heartbeat intervals):
 * a sum of number+unit pairs, units {@code ms s m h d w}, e.g. {@code 30s}, {@code 5m}, {@code 36h},
 * {@code 2d}, {@code 1h30m}. Zero, negative, fractional and unit-less values are refused with a
 * message that names the offending text, and so is anything longer than {@link #MAX} (100 years), which no setting
 * needs and which would overflow later arithmetic on times ({@code 999999999999d} is beyond any date).
 */
public final class Durations {
    /** The longest duration taken: 36500 days. Anything longer is a typo or a probe, not a schedule. */
    public static final Duration MAX = Duration.ofDays(36_500);
    private static final Pattern PAIR = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private Durations() {}

    /** Parses a positive duration, or throws {@link IllegalArgumentException} saying what is wrong. */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty: expected e.g. 30s, 5m, 36h, 2d or 1h30m");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("duration " + Visible.quoted(text)
                    + " is negative: it must be greater than zero");
        }
        Matcher m = PAIR.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("duration " + Visible.quoted(text) + " is not understood at "
                        + Visible.quoted(s.substring(at))
                        + ": use a number and a unit (ms, s, m, h, d, w), e.g. 30s, 5m, 36h, 2d or 1h30m");
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration " + Visible.quoted(text) + " is too large");
            }
            try {
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    case "w" -> Duration.ofDays(Math.multiplyExact(n, 7));
                    default -> throw new IllegalStateException("unit " + m.group(2));
                });
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("duration " + Visible.quoted(text) + " is too large");
            }
            if (total.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("duration " + Visible.quoted(text) + " is too large: at most "
                        + format(MAX) + " (100 years)");
            }
            at = m.end();
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("duration " + Visible.quoted(text)
                    + " is zero: it must be greater than zero");
        }
        return total;
    }

    /** Renders a duration in the same syntax, largest units first: {@code 1h30m}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long days = d.toDays();
        if (days > 0) b.append(days).append('d');
        if (d.toHoursPart() > 0) b.append(d.toHoursPart()).append('h');
        if (d.toMinutesPart() > 0) b.append(d.toMinutesPart()).append('m');
        if (d.toSecondsPart() > 0) b.append(d.toSecondsPart()).append('s');
        if (d.toMillisPart() > 0) b.append(d.toMillisPart()).append("ms");
        return b.toString();
    }
}
