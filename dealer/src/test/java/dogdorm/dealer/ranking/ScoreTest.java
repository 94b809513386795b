package dogdorm.dealer.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The worked examples of the README's ranking section, checked. */
class ScoreTest {
    /** Runs checks in order: '+' good, '-' failed; thresholds 2 to go down, 1 to come back. */
    static Stats history(String checks) {
        Stats s = new Stats();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (char c : checks.toCharArray()) {
            s.record(c == '+', c == '+' ? 5.0 : null, c == '+' ? null : "refused", t, "w",
                    new Stats.Thresholds(2, 1));
            t = t.plusSeconds(3600);
        }
        return s;
    }

    static String good(int n) {
        return "+".repeat(n);
    }

    @Test
    void readme_example_a_hundred_good_checks() {
        assertEquals(0.919, Score.of(history(good(100))), 0.0005);
    }

    @Test
    void readme_example_a_recent_failure_costs_a_little() {
        assertEquals(0.883, Score.of(history(good(98) + "-+")), 0.0005);
    }

    @Test
    void readme_example_three_good_checks() {
        assertEquals(0.713, Score.of(history(good(3))), 0.0005);
    }

    @Test
    void readme_example_one_good_check() {
        assertEquals(0.603, Score.of(history(good(1))), 0.0005);
    }

    @Test
    void readme_example_a_flapping_server() {
        Stats s = history("+-".repeat(20));
        assertEquals(State.UP, s.state, "single failures never reach the fail threshold");
        assertEquals(0.639, Score.of(s), 0.0005);
    }

    @Test
    void readme_example_down_now_after_a_long_good_run() {
        Stats s = history(good(100) + "--");
        assertEquals(State.DOWN, s.state);
        assertEquals(0.350, Score.of(s), 0.0005);
    }

    @Test
    void the_examples_rank_in_the_order_the_readme_gives() {
        double a = Score.of(history(good(100)));
        double b = Score.of(history(good(98) + "-+"));
        double c = Score.of(history(good(3)));
        double e = Score.of(history("+-".repeat(20)));
        double d = Score.of(history(good(1)));
        double f = Score.of(history(good(100) + "--"));
        assertTrue(a > b && b > c && c > e && e > d && d > f);
    }

    @Test
    void every_target_up_now_ranks_above_every_target_down_now() {
        double worstUp = Score.of(State.UP, 0, 20);
        double bestDown = Score.of(State.DOWN, 20, 20);
        assertTrue(worstUp >= 0.5 && bestDown < 0.5, worstUp + " vs " + bestDown);
    }

    @Test
    void failures_fade_with_later_good_checks() {
        double justFailed = Score.of(history(good(60) + "-+"));
        double failedLongAgo = Score.of(history(good(20) + "-" + good(41)));
        assertTrue(failedLongAgo > justFailed);
    }

    @Test
    void never_checked_scores_zero() {
        assertEquals(0.0, Score.of(new Stats()));
    }

    @Test
    void wilson_lower_bound_matches_known_values() {
        // 9 of 10: the interval's lower end is 0.5958 (z = 1.96)
        assertEquals(0.5958, Score.wilsonLower(9, 10), 0.0001);
        assertEquals(0.0, Score.wilsonLower(0, 10), 1e-12);
    }
}
