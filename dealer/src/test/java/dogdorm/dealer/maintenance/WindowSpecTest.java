package dogdorm.dealer.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window from the fields of a body or a form: what is read, and a message naming the field for each mistake. */
class WindowSpecTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    /** Target 3 exists; so does the list home_tcp_v4.csv, and a target tagged nas. */
    private static final WindowSpec.Known KNOWN = new WindowSpec.Known() {
        @Override
        public boolean target(long id) {
            return id == 3;
        }

        @Override
        public boolean list(String file) {
            return file.equals("home_tcp_v4.csv");
        }

        @Override
        public boolean tag(String tag) {
            return tag.equals("nas");
        }
    };

    private static WindowSpec.Fields once(String target, String list, String start, String end, String tz) {
        return new WindowSpec.Fields("router", target, list, null, start, end, null, null, null, tz);
    }

    private static WindowSpec.Fields weekly(List<String> days, String time, String duration, String tz) {
        return new WindowSpec.Fields("backup", "3", null, null, null, null, days, time, duration, tz);
    }

    @Test
    void a_tag_covers_every_target_that_has_it_and_is_lowered() {
        WindowSpec w = WindowSpec.parse(new WindowSpec.Fields("nas firmware", null, null, " NAS ",
                "2026-11-23T00:00:00Z", "2026-11-23T01:00:00Z", null, null, null, null), NOW, KNOWN);
        assertEquals(Scope.tag("nas"), w.scope());
        assertEquals("tag nas", w.scope().toString());
        Windows windows = new Windows(java.time.Clock.fixed(NOW, WindowSpec.UTC));
        windows.put(new Window(1, w.name(), w.scope(), w.times(), NOW));
        Instant inside = Instant.parse("2026-11-23T00:30:00Z");
        assertTrue(windows.covers(12, "tcp_v4.csv", List.of("home", "nas"), inside));
        assertFalse(windows.covers(12, "tcp_v4.csv", List.of("home"), inside));
    }

    private static String refused(WindowSpec.Fields f) {
        return assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse(f, NOW, KNOWN)).getMessage();
    }

    @Test
    void a_one_off_window_takes_times_with_an_offset_or_local_times_read_in_its_zone() {
        WindowSpec s = WindowSpec.parse(once("3", null, "2026-11-22T11:00:00+01:00", "2026-11-22 12:30",
                "Europe/Berlin"), NOW, KNOWN);
        assertEquals("router", s.name());
        assertEquals(Scope.target(3), s.scope());
        assertEquals(new Times.Once(Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T11:30:00Z"),
                ZoneId.of("Europe/Berlin")), s.times());
        WindowSpec utc = WindowSpec.parse(once(null, "home_tcp_v4.csv", "2026-11-22T11:00", "2026-11-22T12:00", ""),
                NOW, KNOWN);
        assertEquals(Scope.list("home_tcp_v4.csv"), utc.scope());
        assertEquals(Instant.parse("2026-11-22T11:00:00Z"), ((Times.Once) utc.times()).start(), "no tz: UTC");
    }

    @Test
    void a_weekly_window_takes_day_names_short_or_long_in_any_case() {
        WindowSpec s = WindowSpec.parse(weekly(List.of("Sat", "SUNDAY", ""), "02:30", "90m", "Europe/Berlin"), NOW,
                KNOWN);
        assertEquals(new Times.Weekly(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 30),
                Duration.ofMinutes(90), ZoneId.of("Europe/Berlin")), s.times());
    }

    @Test
    void every_mistake_is_refused_with_the_field_it_is_about() {
        assertEquals("tz: 'Mars/Olympus' is not a time zone name (an IANA name such as Europe/Berlin, "
                + "America/New_York or UTC)", refused(weekly(List.of("mon"), "02:00", "1h", "Mars/Olympus")));
        assertEquals("end: 2026-11-22T11:00:00Z is not after start (2026-11-22T12:00:00Z)",
                refused(once("3", null, "2026-11-22T12:00:00Z", "2026-11-22T11:00:00Z", null)));
        assertEquals("end: 2026-11-22T09:00:00Z has passed already",
                refused(once("3", null, "2026-11-22T08:00:00Z", "2026-11-22T09:00:00Z", null)));
        assertEquals("days[1]: 'funday' is not a day of the week (mon, tue, wed, thu, fri, sat, sun)",
                refused(weekly(List.of("mon", "funday"), "02:00", "1h", null)));
        assertEquals("duration: 8d is longer than a week (7d)", refused(weekly(List.of("mon"), "02:00", "8d", null)));
        assertEquals("time: '25:00' is not a time of day such as 02:30",
                refused(weekly(List.of("mon"), "25:00", "1h", null)));
        assertEquals("time: missing for a weekly window (e.g. 02:00)",
                refused(weekly(List.of("mon"), null, "1h", null)));
        assertEquals("days: missing: at least one day of the week (mon, tue, wed, thu, fri, sat, sun)",
                refused(weekly(List.of(), "02:00", "1h", null)));
        assertEquals("start: 'tomorrow' is not a time such as 2026-03-29T01:00:00Z, or 2026-03-29T03:00 in the "
                + "window's tz", refused(once("3", null, "tomorrow", "2026-11-23T00:00:00Z", null)));
        assertEquals("end: missing (e.g. 2026-03-29T03:00:00Z)",
                refused(once("3", null, "2026-11-23T00:00:00Z", " ", null)));
        assertEquals("start: missing: give start and end for a one-off window, or days, time and duration for a "
                + "weekly one", refused(once("3", null, null, null, null)));
        assertEquals("days: a one-off window has start and end, a weekly one days, time and duration: give one of "
                + "the two", refused(new WindowSpec.Fields(null, "3", null, null, "2026-11-23T00:00:00Z",
                "2026-11-23T01:00:00Z", List.of("mon"), null, null, null)));
    }

    @Test
    void the_scope_must_name_a_target_or_a_list_the_dealer_has() {
        String start = "2026-11-23T00:00:00Z", end = "2026-11-23T01:00:00Z";
        assertEquals("target: no target #9", refused(once("9", null, start, end, null)));
        assertEquals("target: 'nas' is not a target id (a whole number)", refused(once("nas", null, start, end, null)));
        assertEquals("target: 0 is not a target id", refused(once("0", null, start, end, null)));
        assertEquals("list: no target comes from 'hom_tcp_v4.csv' (a list file's name, such as home_tcp_v4.csv, as "
                + "the targets' source shows it)", refused(once(null, "hom_tcp_v4.csv", start, end, null)));
        assertEquals("list: give one of a target, a list or a tag",
                refused(once("3", "home_tcp_v4.csv", start, end, null)));
        assertEquals("tag: give one of a target, a list or a tag",
                refused(new WindowSpec.Fields(null, "3", null, "nas", start, end, null, null, null, null)));
        assertEquals("target: missing: give a target's id (target), a list file's name (list) or a tag (tag)",
                refused(once(null, null, start, end, null)));
        assertEquals("tag: no target has the tag 'office' (a list row's tags=, or a target's tags in the UI)",
                refused(new WindowSpec.Fields(null, null, null, "office", start, end, null, null, null, null)));
        assertEquals("tag: 'two words' is not a tag (1 to 32 letters, digits, '-', '_' or '.', beginning with a "
                + "letter or a digit)",
                refused(new WindowSpec.Fields(null, null, null, "two words", start, end, null, null, null, null)));
        assertEquals("name: longer than 100 characters",
                refused(new WindowSpec.Fields("x".repeat(101), "3", null, null, start, end, null, null, null, null)));
    }
}
