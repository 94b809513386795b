package dogdorm.dealer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void uptime_grows_over_a_run_of_successes_and_resets_on_failure() {
        Stats s = new Stats();
        s.record(true, 5.0, null, T0, "w", Stats.Thresholds.IMMEDIATE);
        assertEquals(0, s.uptimeS);
        s.record(true, 7.0, null, T0.plusSeconds(60), "w", Stats.Thresholds.IMMEDIATE);
        s.record(true, 6.0, null, T0.plusSeconds(180), "w", Stats.Thresholds.IMMEDIATE);
        assertEquals(180, s.uptimeS);
        assertEquals(180, s.maxUptimeS);
        s.record(false, null, "refused", T0.plusSeconds(240), "w", Stats.Thresholds.IMMEDIATE);
        assertEquals(0, s.uptimeS);
        assertEquals(180, s.maxUptimeS);
        assertEquals(4, s.checks);
        assertEquals(1, s.failures);
        assertEquals(-1, s.streak);
        assertEquals("refused", s.lastError);
        assertEquals(T0.plusSeconds(180), s.lastSuccess);
        assertEquals(6.0, s.latencyLastMs);
        assertEquals(6.0, s.latencyMeanMs());
    }

    @Test
    void first_result_sets_the_state_and_thresholds_confirm_changes() {
        Stats.Thresholds t = new Stats.Thresholds(2, 1);
        Stats s = new Stats();
        assertEquals(State.UNKNOWN, s.record(true, 1.0, null, T0, "w", t));
        assertEquals(State.UP, s.state);
        assertNull(s.record(false, null, "x", T0.plusSeconds(1), "w", t), "one failure is not yet down");
        assertEquals(State.UP, s.state);
        assertEquals(State.UP, s.record(false, null, "x", T0.plusSeconds(2), "w", t));
        assertEquals(State.DOWN, s.state);
        assertEquals(T0.plusSeconds(2), s.stateSince);
        assertEquals(State.DOWN, s.record(true, 1.0, null, T0.plusSeconds(3), "w", t));
        assertEquals(State.UP, s.state);
    }
}
