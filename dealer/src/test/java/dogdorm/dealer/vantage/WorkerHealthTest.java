package dogdorm.dealer.vantage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.table.State;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private final WorkerHealth health = new WorkerHealth();

    @Test
    void disagreeing_far_more_than_peers_makes_a_worker_unhealthy_and_agreeing_again_readmits_it() {
        int checks = 0;
        while (health.counts("w-bad") && checks < 100) {
            health.checked("w-ams", true, State.UP, T0);
            health.checked("w-nyc", true, State.UP, T0);
            health.checked("w-bad", false, State.UP, T0);
            checks++;
        }
        assertTrue(checks == 7, "unhealthy after " + checks + " checks (decayed, seven weigh over 5)");
        assertTrue(health.rating("w-bad").why().contains("disagreed with the vote on 100% of its recent checks "
                + "(its peers: 0%)"), health.rating("w-bad").why());
        assertTrue(health.counts("w-ams"));

        health.checked("w-bad", true, State.UNKNOWN, T0);
        assertFalse(health.counts("w-bad"), "no vote: nothing learned");
        int agreed = 0;
        while (!health.counts("w-bad")) {
            health.checked("w-bad", true, State.UP, T0.plusSeconds(++agreed));
        }
        assertTrue(agreed > 5 && agreed < 20, "re-admitted after " + agreed + " agreeing checks");
    }

    @Test
    void a_location_that_cannot_reach_some_targets_stays_healthy_its_view_is_a_regional_problem() {
        for (int i = 0; i < 100; i++) {
            health.checked("w-ams", true, State.UP, T0);
            health.checked("w-nyc", true, State.UP, T0);
            health.checked("w-cut", i % 2 == 0, State.UP, T0); // one of its two targets is unreachable from there
        }
        assertTrue(health.counts("w-cut"), health.rating("w-cut").toString());
    }

    @Test
    void a_worker_alone_is_never_judged() {
        for (int i = 0; i < 50; i++) {
            health.checked("alone", false, State.UP, T0);
        }
        assertTrue(health.counts("alone"));
    }

    @Test
    void when_everyone_disagrees_as_much_no_one_is_singled_out() {
        for (int i = 0; i < 20; i++) {
            for (String w : new String[] {"a", "b", "c"}) {
                health.checked(w, i % 2 == 0, State.UP, T0); // a flaky target: everyone sees half of it down
            }
        }
        assertTrue(health.counts("a") && health.counts("b") && health.counts("c"));
    }
}
