package dogdorm.dealer.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckLogTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private final CheckLog log = new CheckLog(3);

    @Test
    void keeps_the_last_checks_newest_first_overwriting_the_oldest() {
        for (int i = 0; i < 5; i++) {
            log.record(7, T0.plusSeconds(i), "w" + i, i % 2 == 0, i % 2 == 0 ? 1.25 + i : null, "refused " + i);
        }
        List<CheckLog.Check> got = log.recent(7, null, 10);
        assertEquals(List.of(T0.plusSeconds(4), T0.plusSeconds(3), T0.plusSeconds(2)),
                got.stream().map(CheckLog.Check::at).toList());
        assertEquals(new CheckLog.Check(T0.plusSeconds(4), "w4", true, 5.25, null), got.get(0),
                "a good check keeps no error");
        assertEquals(new CheckLog.Check(T0.plusSeconds(3), "w3", false, null, "refused 3"), got.get(1));
    }

    @Test
    void restored_checks_read_as_they_were_and_new_ones_go_on_top() {
        for (int i = 0; i < 5; i++) {
            log.record(7, T0.plusSeconds(i), "w" + i, i % 2 == 0, 1.0 + i, i % 2 == 0 ? null : "refused " + i);
        }
        List<CheckLog.Check> kept = log.recent(7, null, 10);
        CheckLog after = new CheckLog(3);
        after.restore(7, kept);
        assertEquals(kept, after.recent(7, null, 10));
        after.record(7, T0.plusSeconds(9), "w9", true, 2.0, null);
        assertEquals(List.of(T0.plusSeconds(9), T0.plusSeconds(4), T0.plusSeconds(3)),
                after.recent(7, null, 10).stream().map(CheckLog.Check::at).toList());
    }

    @Test
    void since_and_limit_cut_the_list() {
        for (int i = 0; i < 3; i++) {
            log.record(7, T0.plusSeconds(10 * i), "w", true, 1.0, null);
        }
        assertEquals(2, log.recent(7, T0.plusSeconds(10), 10).size(), "at or after since");
        assertEquals(List.of(T0.plusSeconds(20)), log.recent(7, null, 1).stream().map(CheckLog.Check::at).toList());
        assertEquals(List.of(), log.recent(8, null, 10), "a target never checked");
    }

    @Test
    void a_removed_target_loses_its_checks_and_worker_names_are_shared() {
        log.record(7, T0, new String("w-ams"), true, 1.0, null);
        log.record(7, T0.plusSeconds(1), new String("w-ams"), false, null, "timeout");
        List<CheckLog.Check> got = log.recent(7, null, 10);
        assertSame(got.get(0).worker(), got.get(1).worker(), "one string per worker name");
        log.removed(7);
        assertTrue(log.recent(7, null, 10).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new CheckLog(0));
    }
}
