package dogdorm.dealer.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the admin may set, and the messages that name the field that is wrong. */
class HeartbeatSpecTest {
    private static String refused(String name, String interval, String grace) {
        return assertThrows(IllegalArgumentException.class,
                () -> HeartbeatSpec.parse(name, "", interval, grace)).getMessage();
    }

    @Test
    void durations_use_the_project_syntax_and_a_blank_grace_means_the_default() {
        HeartbeatSpec s = HeartbeatSpec.parse("  backup  ", null, "1h30m", " ");
        assertEquals("backup", s.name());
        assertEquals("", s.description());
        assertEquals(Duration.ofMinutes(90), s.interval());
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
}
