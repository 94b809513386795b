package dogdorm.dealer.heartbeat;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A crontab's 5-field schedule ({@code minute hour day-of-month month day-of-week}: lists, ranges, steps, names such
 * as {@code MON} or {@code JAN}, 0 or 7 for Sunday; when both day fields are restricted, either one matching is
 * enough, as in Vixie cron), parsed by cron-utils, and the times it fires in a time zone.
 *
 * <p>cron-utils finds the matching wall-clock times (asked in UTC, where no clock change can trip it); the time zone
 * is applied here, with a rule that never expects a run that cron may not make:
 * <ul>
 *   <li>a wall-clock time that does not exist (skipped when the clocks go forward) has no run;</li>
 *   <li>a wall-clock time that comes twice (when the clocks go back) has one run, the first.</li>
 * </ul>
 * Immutable and thread-safe; equal when the expressions' text (spaces normalised) is.
 */
public final class CronExpression {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Where the check that an expression fires at all starts (a fixed time: parsing reads no clock). */
    private static final LocalDateTime PROBE = LocalDateTime.of(2001, 1, 1, 0, 0);
    /** Candidate wall-clock times skipped at most in one search (a gap or a fold of a day, minute by minute). */
    private static final int MAX_SKIPPED = 1500;
    /** How far a search looks: past a leap day that the turn of a century skips. */
    private static final int MAX_YEARS = 10;
    private static final Pattern PARTS = Pattern.compile("Cron expression contains (\\d+) parts.*");
    private static final Pattern SUN = Pattern.compile("(?i)\\bSUN\\b");

    private final String text;
    private final ExecutionTime times;

    private CronExpression(String text, ExecutionTime times) {
        this.text = text;
        this.times = times;
    }

    /**
     * Parses {@code text}, or throws {@link IllegalArgumentException} saying what is wrong (without a field name:
     * the caller knows which field it read). An expression that can never fire ({@code 0 0 30 2 *}) is refused.
     */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty: expected 5 fields, minute hour day-of-month month day-of-week"
                    + " (e.g. 30 2 * * *)");
        }
        String normal = String.join(" ", text.strip().split("\\s+"));
        if (normal.startsWith("@")) {
            throw new IllegalArgumentException("'" + normal + "': nicknames such as @daily are not supported; write"
                    + " the 5 fields (@daily is 0 0 * * *)");
        }
        Cron cron;
        try {
            cron = PARSER.parse(sundayAsZero(normal)).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + normal + "': " + why(e));
        }
        CronExpression c = new CronExpression(normal, ExecutionTime.forCron(cron));
        if (c.nextLocal(PROBE).isEmpty()) {
            throw new IllegalArgumentException("'" + normal + "' never fires (no such date)");
        }
        return c;
    }

    /**
     * {@code SUN} in the day-of-week field as 0, as crontab reads it: cron-utils takes it for 7, which makes
     * {@code SUN-SAT} a backward range.
     */
    private static String sundayAsZero(String normal) {
        String[] fields = normal.split(" ");
        if (fields.length != 5) {
            return normal; // cron-utils says what is wrong with the count
        }
        fields[4] = SUN.matcher(fields[4]).replaceAll("0");
        return String.join(" ", fields);
    }

    /** cron-utils' message, less its preamble: "value 60 not in range [0, 59]". */
    private static String why(IllegalArgumentException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().replace("Failed to parse cron expression. ", "");
        Matcher parts = PARTS.matcher(m);
        if (parts.matches()) {
            return parts.group(1) + " fields, expected 5: minute hour day-of-month month day-of-week";
        }
        return m.isEmpty() ? "not understood" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** The expression as given, its fields separated by single spaces. */
    public String text() {
        return text;
    }

    /** The first wall-clock time after {@code after} (to the minute) that the expression matches; none if never. */
    Optional<LocalDateTime> nextLocal(LocalDateTime after) {
        return times.nextExecution(after.truncatedTo(ChronoUnit.MINUTES).atZone(ZoneOffset.UTC))
                .map(ZonedDateTime::toLocalDateTime);
    }

    /**
     * The first run strictly after {@code after} in {@code zone}, by the rules above; null when there is none
     * within ten years (an expression whose only times fall into clock changes).
     */
    public Instant nextAfter(Instant after, ZoneId zone) {
        // runs are whole minutes: the first one after the minute that holds `after` is the first one after `after`
        LocalDateTime start = LocalDateTime.ofInstant(after, zone);
        LocalDateTime from = start;
        for (int skipped = 0; skipped <= MAX_SKIPPED; skipped++) {
            Optional<LocalDateTime> next = nextLocal(from);
            if (next.isEmpty()) {
                return null;
            }
            LocalDateTime local = next.get();
            if (local.getYear() > start.getYear() + MAX_YEARS) {
                return null;
            }
            if (!zone.getRules().getValidOffsets(local).isEmpty()) { // empty: in a gap, no run
                Instant run = ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
                if (run.isAfter(after)) {
                    return run;
                }
                // the first of a repeated time, before `after`: its second coming is no run
            }
            from = local;
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
