package dogdorm.dealer.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActionQueryTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static ActionRecord action(long target, String status, Instant at) {
        return new ActionRecord(1, target, "111", "reboot", at, null, null, status, null, null);
    }

    @Test
    void pending_matches_an_action_without_a_final_status_only() {
        ActionQuery pending = new ActionQuery(null, ActionQuery.PENDING, null, null);
        assertTrue(pending.matches(action(7, null, T0)));
        assertFalse(pending.matches(action(7, "completed", T0)));
    }

    @Test
    void the_time_window_includes_since_and_leaves_out_until() {
        ActionQuery window = new ActionQuery(7L, null, T0, T0.plusSeconds(60));
        assertTrue(window.matches(action(7, "completed", T0)));
        assertFalse(window.matches(action(7, "completed", T0.plusSeconds(60))));
        assertFalse(window.matches(action(8, "completed", T0)), "another target's");
    }

    @Test
    void a_malformed_outcome_or_an_empty_window_is_refused_naming_the_field() {
        assertEquals("outcome: 'Completed!' is not an outcome (completed, errored, failed, dry-run, pending, ...)",
                assertThrows(IllegalArgumentException.class,
                        () -> new ActionQuery(null, "Completed!", null, null)).getMessage());
        assertEquals("since: 2026-12-05T10:00:00Z is not before until 2026-12-05T10:00:00Z",
                assertThrows(IllegalArgumentException.class,
                        () -> new ActionQuery(null, null, T0, T0)).getMessage());
    }
}
