package dogdorm.dealer.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What the admin may set, and the messages that name the field that is wrong. */
class HeartbeatSpecTest {
    private static String refused(String name, String interval, String grace) {
        return assertThrows(IllegalArgumentException.class,
                () -> HeartbeatSpec.parse(name, "", interval, grace)).getMessage();
    }

    private static String refused(String interval, String cron, String tz, String grace) {
        return assertThrows(IllegalArgumentException.class,
                () -> HeartbeatSpec.parse("b", "", interval, cron, tz, grace)).getMessage();
    }

    @Test
    void durations_use_the_project_syntax_and_a_blank_grace_means_the_default() {
        HeartbeatSpec s = HeartbeatSpec.parse("  backup  ", null, "1h30m", " ");
        assertEquals("backup", s.name());
        assertEquals("", s.description());
        assertEquals(Schedule.every(Duration.ofMinutes(90)), s.schedule());
        assertNull(s.grace());
        assertEquals(Duration.ofSeconds(45), HeartbeatSpec.parse("b", "", "1h", "45s").grace());
    }

    @Test
    void interval_and_grace_must_be_within_30_seconds_and_30_days() {
        assertEquals("interval: 29s is outside 30s..30d", refused("b", "29s", null));
        assertEquals("interval: 31d is outside 30s..30d", refused("b", "31d", null));
        assertEquals("grace: 10s is outside 30s..30d", refused("b", "1h", "10s"));
        HeartbeatSpec.parse("b", "", "30s", "30d");
    }

    @Test
    void each_refusal_names_its_field() {
        assertEquals("name: missing or blank", refused(" ", "1h", null));
        assertEquals("name: longer than 100 characters", refused("x".repeat(101), "1h", null));
        assertEquals("interval: missing (e.g. 5m, 1h, 1d)", refused("b", "", null));
        assertEquals("interval: duration 'hourly' is not understood at 'hourly': use a number and a unit (ms, s, "
                + "m, h, d, w), e.g. 30s, 5m, 36h, 2d or 1h30m", refused("b", "hourly", null));
        assertEquals("description: longer than 1000 characters", assertThrows(IllegalArgumentException.class,
                () -> HeartbeatSpec.parse("b", "d".repeat(1001), "1h", null)).getMessage());
    }

    @Test
    void a_cron_schedule_takes_an_iana_time_zone_and_utc_when_none_is_given() {
        HeartbeatSpec berlin = HeartbeatSpec.parse("b", "", "", " 30  2 * * * ", "Europe/Berlin", "");
        assertEquals(new Schedule.Cron(CronExpression.parse("30 2 * * *"), ZoneId.of("Europe/Berlin")),
                berlin.schedule());
        assertEquals("30 2 * * *", ((Schedule.Cron) berlin.schedule()).expression().text(), "spaces normalised");
        assertEquals(ZoneId.of("UTC"), ((Schedule.Cron) HeartbeatSpec.parse("b", "", null, "0 * * * *", null,
                null).schedule()).zone());
        assertEquals(Duration.ofMinutes(10), HeartbeatSpec.parse("b", "", null, "0 * * * *", null, "10m").grace());
        assertEquals(Schedule.every(Duration.ofHours(1)), HeartbeatSpec.parse("b", "", "1h", "", "", null)
                .schedule(), "blank cron and tz: an interval");
    }

    @Test
    void a_schedule_is_an_interval_or_a_cron_expression_never_both_and_tz_goes_with_cron() {
        assertEquals("cron: give either an interval or a cron schedule, not both",
                refused("1h", "0 * * * *", null, null));
        assertEquals("tz: only for a cron schedule (an interval counts from each ping)",
                refused("1h", null, "Europe/Berlin", null));
        assertEquals("interval: missing (e.g. 5m, 1h, 1d), or give a cron schedule instead (cron, e.g. 30 2 * * *)",
                refused(null, " ", null, null));
    }

    @Test
    void a_bad_cron_expression_or_time_zone_is_refused_saying_why() {
        assertEquals("cron: '61 * * * *': value 61 not in range [0, 59]", refused(null, "61 * * * *", null, null));
        assertEquals("cron: '* * * *': 4 fields, expected 5: minute hour day-of-month month day-of-week",
                refused(null, "* * * *", null, null));
        assertEquals("cron: '0 0 30 2 *' never fires (no such date)", refused(null, "0 0 30 2 *", null, null));
        assertEquals("cron: '@daily': nicknames such as @daily are not supported; write the 5 fields (@daily is "
                + "0 0 * * *)", refused(null, "@daily", null, null));
        assertEquals("tz: 'Europe/Berln' is not a time zone name (an IANA name such as Europe/Berlin, "
                + "America/New_York or UTC)", refused(null, "0 * * * *", "Europe/Berln", null));
        assertEquals("tz: '+02:00' is not a time zone name (an IANA name such as Europe/Berlin, America/New_York "
                + "or UTC)", refused(null, "0 * * * *", "+02:00", null), "an offset knows no clock changes");
        assertEquals("grace: 10s is outside 30s..30d", refused(null, "0 * * * *", null, "10s"));
    }
}
