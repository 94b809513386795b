package dogdorm.dealer.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * When a cron expression fires in a time zone, at fixed instants, across Europe/Berlin's clock changes of 2026: on
 * 29 March 02:00 CET becomes 03:00 CEST (02:30 does not exist), on 25 October 03:00 CEST becomes 02:00 CET (02:30
 * comes twice, first at 00:30Z, then at 01:30Z).
 */
class CronExpressionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    private static Instant next(String cron, String after, ZoneId zone) {
        return CronExpression.parse(cron).nextAfter(Instant.parse(after), zone);
    }

    @Test
    void a_daily_job_fires_at_its_wall_clock_time_in_its_zone() {
        assertEquals(Instant.parse("2026-01-15T01:30:00Z"), next("30 2 * * *", "2026-01-14T12:00:00Z", BERLIN),
                "02:30 CET is 01:30Z");
        assertEquals(Instant.parse("2026-07-15T00:30:00Z"), next("30 2 * * *", "2026-07-14T12:00:00Z", BERLIN),
                "02:30 CEST is 00:30Z");
        assertEquals(Instant.parse("2026-07-15T02:30:00Z"), next("30 2 * * *", "2026-07-14T12:00:00Z", UTC));
    }

    @Test
    void the_next_run_is_strictly_after_the_instant_given_to_the_millisecond() {
        assertEquals(Instant.parse("2026-07-15T00:30:00Z"), next("30 2 * * *", "2026-07-15T00:29:59.999Z", BERLIN));
        assertEquals(Instant.parse("2026-07-16T00:30:00Z"), next("30 2 * * *", "2026-07-15T00:30:00Z", BERLIN));
        assertEquals(Instant.parse("2026-07-16T00:30:00Z"), next("30 2 * * *", "2026-07-15T00:30:00.001Z", BERLIN));
    }

    @Test
    void on_the_spring_forward_day_a_time_that_does_not_exist_has_no_run() {
        // 28 March 02:30 CET (01:30Z) ran; 29 March 02:30 does not exist; 30 March 02:30 CEST is 00:30Z
        assertEquals(Instant.parse("2026-03-30T00:30:00Z"), next("30 2 * * *", "2026-03-28T01:30:00Z", BERLIN));
        // a yearly job on that date waits for the next year's (whose clock change falls on the 28th)
        assertEquals(Instant.parse("2027-03-29T00:30:00Z"), next("30 2 29 3 *", "2026-03-01T00:00:00Z", BERLIN));
    }

    @Test
    void across_the_spring_forward_an_hourly_job_runs_every_real_hour() {
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), next("0 * * * *", "2026-03-29T00:00:00Z", BERLIN),
                "01:00 CET, then 03:00 CEST: one real hour later");
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), next("0 3 * * *", "2026-03-28T12:00:00Z", BERLIN),
                "03:00 exists on that day: it is the first hour of summer time");
    }

    @Test
    void on_the_fall_back_day_a_time_that_comes_twice_has_one_run_the_first() {
        assertEquals(Instant.parse("2026-10-25T00:30:00Z"), next("30 2 * * *", "2026-10-24T12:00:00Z", BERLIN),
                "02:30 CEST");
        Instant afterFirst = next("30 2 * * *", "2026-10-25T00:30:00Z", BERLIN);
        assertNotEquals(Instant.parse("2026-10-25T01:30:00Z"), afterFirst, "02:30 CET, the second 02:30, is no run");
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), afterFirst, "the next day's 02:30 CET");
        assertEquals(Instant.parse("2026-10-26T01:30:00Z"), next("30 2 * * *", "2026-10-25T01:15:00Z", BERLIN),
                "asked from within the repeated hour, 02:15 CET: the same answer");
    }

    @Test
    void across_the_fall_back_the_repeated_hour_has_no_runs_of_its_own() {
        assertEquals(Instant.parse("2026-10-25T00:00:00Z"), next("0 * * * *", "2026-10-24T23:30:00Z", BERLIN),
                "02:00 CEST");
        assertEquals(Instant.parse("2026-10-25T02:00:00Z"), next("0 * * * *", "2026-10-25T00:00:00Z", BERLIN),
                "03:00 CET: the second 02:00 (01:00Z) is not expected");
        assertEquals(Instant.parse("2026-10-25T00:45:00Z"), next("*/15 * * * *", "2026-10-25T00:30:00Z", BERLIN));
        assertEquals(Instant.parse("2026-10-25T02:00:00Z"), next("*/15 * * * *", "2026-10-25T00:45:00Z", BERLIN));
    }

    @Test
    void day_of_month_and_day_of_week_both_given_fire_on_either_as_in_vixie_cron() {
        // 1 January 2026 is a Thursday: the 13th or any Friday
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), next("0 0 13 * 5", "2026-01-01T00:00:00Z", UTC));
        assertEquals(Instant.parse("2026-01-05T09:00:00Z"), next("0 9 * * MON-FRI", "2026-01-02T10:00:00Z", UTC));
        assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("0 0 * * 7", "2026-01-01T00:00:00Z", UTC),
                "7 is Sunday too");
        assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("0 0 * * 0", "2026-01-01T00:00:00Z", UTC));
        assertEquals(Instant.parse("2026-01-01T00:05:00Z"), next("5 0 * * SUN-SAT", "2026-01-01T00:00:00Z", UTC),
                "SUN is 0, as crontab reads it: SUN-SAT is every day");
        assertEquals("5 0 * * SUN-SAT", CronExpression.parse("5 0 * * SUN-SAT").text(), "kept as written");
        assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("0 0 * * sun", "2026-01-01T00:00:00Z", UTC));
    }

    @Test
    void a_leap_day_job_waits_for_the_next_leap_year() {
        assertEquals(Instant.parse("2028-02-29T00:00:00Z"), next("0 0 29 2 *", "2026-03-01T00:00:00Z", UTC));
    }

    @Test
    void expressions_are_equal_when_their_fields_are() {
        assertEquals(CronExpression.parse("30 2 * * *"), CronExpression.parse("  30\t2 *  * * "));
        assertEquals("30 2 * * *", CronExpression.parse("  30\t2 *  * * ").text());
        assertNotEquals(CronExpression.parse("30 2 * * *"), CronExpression.parse("30 3 * * *"));
    }

    @Test
    void a_bad_expression_says_what_is_wrong() {
        assertEquals("'0 24 * * *': value 24 not in range [0, 23]", refused("0 24 * * *"));
        assertEquals("'0 0 * * * *': 6 fields, expected 5: minute hour day-of-month month day-of-week",
                refused("0 0 * * * *"));
        assertEquals("'0 0 31 4 *' never fires (no such date)", refused("0 0 31 4 *"));
        assertEquals("empty: expected 5 fields, minute hour day-of-month month day-of-week (e.g. 30 2 * * *)",
                refused(" "));
    }

    private static String refused(String cron) {
        return assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(cron)).getMessage();
    }
}
