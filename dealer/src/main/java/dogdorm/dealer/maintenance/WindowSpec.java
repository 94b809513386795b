package dogdorm.dealer.maintenance;

import dogdorm.common.Durations;
import dogdorm.dealer.table.Tags;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the admin sets on a maintenance window, validated: every message starts with the field it is about. A
 * window is one-off ({@code start} and {@code end}: a time with an offset, {@code 2026-03-29T01:00:00Z}, or a local
 * time read in {@code tz}, {@code 2026-03-29T03:00}) or weekly ({@code days}, {@code time} of day, {@code duration},
 * in {@code tz}); {@code tz} is an IANA name, UTC when left out. It applies to a {@code target} (an id), a
 * {@code list} (a list file's name) or a {@code tag}; each must name something the dealer has now, so a typo is
 * refused instead of quietly covering nothing.
 */
public record WindowSpec(String name, Scope scope, Times times) {
    public static final ZoneId UTC = ZoneId.of("UTC");
    private static final String DAY_NAMES = "mon, tue, wed, thu, fri, sat, sun";

    /** The fields of a JSON body or a form, as text; blank counts as not given. */
    public record Fields(String name, String target, String list, String tag, String start, String end,
                         List<String> days, String time, String duration, String tz) {}

    /** What a scope is checked against: the targets, list files and tags the dealer has. */
    public interface Known {
        boolean target(long id);

        boolean list(String file);

        /** Whether a target has the tag (already checked and lowered). */
        boolean tag(String tag);
    }

    public WindowSpec {
        if (name != null && name.strip().length() > Window.MAX_NAME) {
            throw new IllegalArgumentException("name: longer than " + Window.MAX_NAME + " characters");
        }
        name = name == null ? "" : name.strip();
    }

    /** Reads and checks {@code f}; a one-off window that has ended by {@code now} is refused. */
    public static WindowSpec parse(Fields f, Instant now, Known known) {
        WindowSpec spec = new WindowSpec(f.name(), scope(f, known), times(f));
        if (spec.times() instanceof Times.Once once && !once.end().isAfter(now)) {
            throw new IllegalArgumentException("end: " + once.end() + " has passed already");
        }
        return spec;
    }

    private static Scope scope(Fields f, Known known) {
        String target = given(f.target()) ? f.target().strip() : null;
        String list = given(f.list()) ? f.list().strip() : null;
        String tag = given(f.tag()) ? Tags.one(f.tag(), "tag") : null;
        if ((target != null ? 1 : 0) + (list != null ? 1 : 0) + (tag != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException((tag != null ? "tag" : "list") + ": give one of a target, a list or "
                    + "a tag");
        }
        if (tag != null) {
            if (!known.tag(tag)) {
                throw new IllegalArgumentException("tag: no target has the tag '" + tag + "' (a list row's "
                        + "tags=, or a target's tags in the UI)");
            }
            return Scope.tag(tag);
        }
        if (target != null) {
            long id;
            try {
                id = Long.parseLong(target);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("target: '" + target + "' is not a target id (a whole number)");
            }
            Scope s = new Scope(id, null);
            if (!known.target(id)) {
                throw new IllegalArgumentException("target: no target #" + id);
            }
            return s;
        }
        Scope s = new Scope(null, list);
        if (!known.list(list)) {
            throw new IllegalArgumentException("list: no target comes from '" + list + "' (a list file's name, such "
                    + "as home_tcp_v4.csv, as the targets' source shows it)");
        }
        return s;
    }

    private static Times times(Fields f) {
        ZoneId zone = zone(f.tz());
        boolean once = given(f.start()) || given(f.end());
        boolean weekly = f.days() != null && f.days().stream().anyMatch(WindowSpec::given) || given(f.time())
                || given(f.duration());
        if (once && weekly) {
            throw new IllegalArgumentException("days: a one-off window has start and end, a weekly one days, time "
                    + "and duration: give one of the two");
        }
        if (!once && !weekly) {
            throw new IllegalArgumentException("start: missing: give start and end for a one-off window, or days, "
                    + "time and duration for a weekly one");
        }
        if (once) {
            if (!given(f.start())) throw new IllegalArgumentException("start: missing (e.g. 2026-03-29T01:00:00Z)");
            if (!given(f.end())) throw new IllegalArgumentException("end: missing (e.g. 2026-03-29T03:00:00Z)");
            return new Times.Once(instant(f.start(), "start", zone), instant(f.end(), "end", zone), zone);
        }
        if (!given(f.time())) throw new IllegalArgumentException("time: missing for a weekly window (e.g. 02:00)");
        if (!given(f.duration())) {
            throw new IllegalArgumentException("duration: missing for a weekly window (e.g. 2h)");
        }
        return new Times.Weekly(days(f.days()), time(f.time()), duration(f.duration()), zone);
    }

    /** An IANA time zone name ({@code Europe/Berlin}, {@code UTC}); blank is UTC. Offsets alone are refused. */
    static ZoneId zone(String tz) {
        if (!given(tz)) {
            return UTC;
        }
        String id = tz.strip();
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new IllegalArgumentException("tz: '" + id + "' is not a time zone name (an IANA name such as "
                    + "Europe/Berlin, America/New_York or UTC)");
        }
        return ZoneId.of(id);
    }

    /** A time with an offset, or a local one read in {@code zone}; a space may stand for the 'T'. */
    static Instant instant(String text, String field, ZoneId zone) {
        String t = text.strip().replaceFirst("^(\\d{4}-\\d\\d-\\d\\d) ", "$1T");
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException(field + ": '" + text.strip() + "' is not a time such as "
                        + "2026-03-29T01:00:00Z, or 2026-03-29T03:00 in the window's tz");
            }
        }
    }

    /** Day names ({@code mon} or {@code monday}, any case; blank ones skipped): at least one. */
    public static Set<DayOfWeek> days(List<String> names) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i) == null ? "" : names.get(i).strip().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            DayOfWeek day = null;
            for (DayOfWeek d : DayOfWeek.values()) {
                String full = d.name().toLowerCase(Locale.ROOT);
                if (n.equals(full) || n.equals(full.substring(0, 3))) {
                    day = d;
                }
            }
            if (day == null) {
                throw new IllegalArgumentException("days[" + i + "]: '" + names.get(i).strip() + "' is not a day of "
                        + "the week (" + DAY_NAMES + ")");
            }
            out.add(day);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("days: missing: at least one day of the week (" + DAY_NAMES + ")");
        }
        return out;
    }

    static LocalTime time(String text) {
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time: '" + text.strip() + "' is not a time of day such as 02:30");
        }
    }

    static Duration duration(String text) {
        try {
            return Durations.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("duration: " + e.getMessage());
        }
    }

    /** The day names as the API writes them: {@code mon} .. {@code sun}. */
    public static String dayName(DayOfWeek d) {
        return d.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private static boolean given(String s) {
        return s != null && !s.isBlank();
    }
}
