package dogdorm.dealer.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Is a target in maintenance at instant X: one-off and weekly windows, across the clocks' changes in Berlin. */
class TimesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    private static Times.Weekly weekly(Set<DayOfWeek> days, String time, Duration d, ZoneId zone) {
        return new Times.Weekly(days, LocalTime.parse(time), d, zone);
    }

    @Test
    void a_one_off_window_covers_its_start_and_not_its_end() {
        Times.Once once = new Times.Once(t("2026-11-22T10:00:00Z"), t("2026-11-22T12:00:00Z"), UTC);
        assertNull(once.at(t("2026-11-22T09:59:59Z")));
        assertEquals(new Times.Occurrence(t("2026-11-22T10:00:00Z"), t("2026-11-22T12:00:00Z")),
                once.at(t("2026-11-22T10:00:00Z")));
        assertTrue(once.at(t("2026-11-22T11:59:59Z")) != null);
        assertNull(once.at(t("2026-11-22T12:00:00Z")));
        assertEquals(t("2026-11-22T10:00:00Z"), once.next(t("2026-11-22T09:00:00Z")).start());
        assertNull(once.next(t("2026-11-22T10:00:00Z")), "started already: nothing after");
        assertNull(once.lastEnd(t("2026-11-22T11:00:00Z")), "not ended yet");
        assertEquals(t("2026-11-22T12:00:00Z"), once.lastEnd(t("2026-11-23T00:00:00Z")));
    }

    @Test
    void a_weekly_window_keeps_its_local_time_across_the_change_to_summer_time_in_berlin() {
        Times.Weekly sunday = weekly(EnumSet.of(DayOfWeek.SUNDAY), "02:00", Duration.ofHours(2), BERLIN);
        // a winter Sunday: 02:00 CET is 01:00 UTC
        assertNull(sunday.at(t("2026-03-22T00:59:00Z")));
        assertEquals(t("2026-03-22T03:00:00Z"), sunday.at(t("2026-03-22T01:00:00Z")).end());
        assertNull(sunday.at(t("2026-03-22T03:00:00Z")));
        // a summer Sunday: 02:00 CEST is 00:00 UTC, so 02:30 UTC is outside though it was inside in winter
        assertEquals(t("2026-04-05T00:00:00Z"), sunday.at(t("2026-04-05T00:30:00Z")).start());
        assertNull(sunday.at(t("2026-04-05T02:30:00Z")));
        assertNull(sunday.at(t("2026-04-04T23:59:00Z")));
    }

    @Test
    void a_weekly_start_in_the_hour_skipped_in_spring_begins_when_the_clocks_have_gone_forward() {
        // 2026-03-29: at 02:00 CET (01:00 UTC) the clocks go to 03:00 CEST; 02:00 does not happen that night
        Times.Weekly sunday = weekly(EnumSet.of(DayOfWeek.SUNDAY), "02:00", Duration.ofHours(2), BERLIN);
        Times.Occurrence o = sunday.at(t("2026-03-29T01:00:00Z"));
        assertEquals(new Times.Occurrence(t("2026-03-29T01:00:00Z"), t("2026-03-29T03:00:00Z")), o,
                "03:00 CEST, for two hours of real time");
        assertNull(sunday.at(t("2026-03-29T00:59:59Z")), "01:59 CET: before the window");
        assertTrue(sunday.at(t("2026-03-29T02:59:59Z")) != null);
        assertEquals(t("2026-03-29T01:00:00Z"), sunday.next(t("2026-03-28T12:00:00Z")).start());
    }

    @Test
    void a_weekly_start_that_happens_twice_in_autumn_is_the_first_and_lasts_its_real_duration() {
        // 2026-10-25: at 03:00 CEST (01:00 UTC) the clocks go back to 02:00 CET; 02:30 happens twice
        Times.Weekly sunday = weekly(EnumSet.of(DayOfWeek.SUNDAY), "02:30", Duration.ofHours(1), BERLIN);
        assertEquals(new Times.Occurrence(t("2026-10-25T00:30:00Z"), t("2026-10-25T01:30:00Z")),
                sunday.at(t("2026-10-25T01:00:00Z")), "02:30 CEST, the first of the two");
        assertNull(sunday.at(t("2026-10-25T01:30:00Z")), "02:30 CET, the second: the hour is over");
        // a week later, in winter, 02:30 CET is 01:30 UTC
        assertTrue(sunday.at(t("2026-11-01T01:45:00Z")) != null);
        assertNull(sunday.at(t("2026-11-01T00:45:00Z")));
    }

    @Test
    void a_weekly_window_that_runs_past_midnight_belongs_to_the_day_it_starts() {
        Times.Weekly saturday = weekly(EnumSet.of(DayOfWeek.SATURDAY), "23:00", Duration.ofHours(3), UTC);
        assertTrue(saturday.at(t("2026-11-22T01:00:00Z")) != null, "Sunday 01:00, from Saturday 23:00");
        assertNull(saturday.at(t("2026-11-22T02:00:00Z")));
        assertNull(saturday.at(t("2026-11-23T01:00:00Z")), "Monday 01:00: Sunday has no window");
        assertEquals(t("2026-11-22T02:00:00Z"), saturday.lastEnd(t("2026-11-22T05:00:00Z")));
    }

    @Test
    void the_next_weekday_window_after_a_friday_evening_is_monday_morning() {
        Times.Weekly office = weekly(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", Duration.ofHours(8),
                BERLIN);
        Instant fridayEvening = t("2026-11-20T18:00:00Z"); // 19:00 CET
        assertNull(office.at(fridayEvening));
        assertEquals(t("2026-11-23T08:00:00Z"), office.next(fridayEvening).start());
        assertEquals(t("2026-11-20T16:00:00Z"), office.lastEnd(fridayEvening));
    }

    @Test
    void overlapping_weekly_occurrences_report_the_one_that_ends_last() {
        Times.Weekly all = weekly(EnumSet.allOf(DayOfWeek.class), "00:00", Duration.ofDays(7), UTC);
        Times.Occurrence o = all.at(t("2026-11-22T12:00:00Z"));
        assertEquals(t("2026-11-22T00:00:00Z"), o.start(), "today's, the latest to end");
        assertEquals(t("2026-11-29T00:00:00Z"), o.end());
    }

    @Test
    void windows_too_short_too_long_or_ending_before_they_start_are_refused_naming_the_field() {
        assertEquals("end: 2026-11-22T09:00:00Z is not after start (2026-11-22T10:00:00Z)",
                assertThrows(IllegalArgumentException.class, () -> new Times.Once(t("2026-11-22T10:00:00Z"),
                        t("2026-11-22T09:00:00Z"), UTC)).getMessage());
        assertEquals("end: the window would last 367d; at most 366d",
                assertThrows(IllegalArgumentException.class, () -> new Times.Once(t("2026-01-01T00:00:00Z"),
                        t("2027-01-03T00:00:00Z"), UTC)).getMessage());
        assertEquals("duration: 8d is longer than a week (7d)", assertThrows(IllegalArgumentException.class,
                () -> weekly(EnumSet.of(DayOfWeek.MONDAY), "02:00", Duration.ofDays(8), UTC)).getMessage());
        assertEquals("duration: 30s is shorter than 1m", assertThrows(IllegalArgumentException.class,
                () -> weekly(EnumSet.of(DayOfWeek.MONDAY), "02:00", Duration.ofSeconds(30), UTC)).getMessage());
    }
}
