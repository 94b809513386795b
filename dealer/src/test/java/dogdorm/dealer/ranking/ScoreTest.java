package dogdorm.dealer.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        assertEquals(0.870, Score.of(history(good(100))), 0.0005);
    }

    @Test
    void readme_example_a_recent_failure_costs_a_little() {
        assertEquals(0.813, Score.of(history(good(98) + "-+")), 0.0005);
    }

    @Test
    void readme_example_three_good_checks() {
        assertEquals(0.541, Score.of(history(good(3))), 0.0005);
    }

    @Test
    void readme_example_one_good_check() {
        assertEquals(0.365, Score.of(history(good(1))), 0.0005);
    }

    @Test
    void readme_example_a_flapping_server() {
        Stats s = history("+-".repeat(20));
        assertEquals(State.UP, s.state, "single failures never reach the fail threshold");
        assertEquals(0.422, Score.of(s), 0.0005);
    }

    @Test
    void readme_example_down_now_after_a_long_good_run() {
        Stats s = history(good(100) + "--");
        assertEquals(State.DOWN, s.state);
        assertEquals(0.561, Score.of(s), 0.0005);
    }

    @Test
    void the_examples_rank_in_the_order_the_readme_gives() {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("a: 100 good", Score.of(history(good(100))));
        scores.put("b: 98 good, a failure, a good", Score.of(history(good(98) + "-+")));
        scores.put("f: 100 good, down now", Score.of(history(good(100) + "--")));
        scores.put("c: 3 good", Score.of(history(good(3))));
        scores.put("h: half down, up now", Score.of(history("++++----".repeat(10) + "++++")));
        scores.put("e: every other check", Score.of(history("+-".repeat(20))));
        scores.put("d: 1 good", Score.of(history(good(1))));
        List<String> ranked = scores.keySet().stream()
                .sorted(Comparator.comparingDouble((String k) -> scores.get(k)).reversed()).toList();
        assertEquals(List.copyOf(scores.keySet()), ranked, "ranked by score: " + scores);
        for (int i = 1; i < ranked.size(); i++) { // strictly: no two rows tie
            assertNotEquals(scores.get(ranked.get(i - 1)), scores.get(ranked.get(i)), ranked.get(i) + " ties");
        }
        assertEquals(0.474, scores.get("h: half down, up now"), 0.0005);
        assertEquals(0.426, OriginalScore.of(history("++++----".repeat(10) + "++++")), 0.0005,
                "the README's original score for that row");
    }

    @Test
    void a_false_outage_does_not_sink_a_long_good_record_below_a_server_down_half_the_time() {
        double halfDownUpNow = Score.of(history("++++----".repeat(10) + "++++"));
        for (int failed = 2; failed <= 3; failed++) { // a false outage: the fail threshold, and a re-check
            Stats s = history(good(100) + "-".repeat(failed));
            assertEquals(State.DOWN, s.state);
            assertTrue(Score.of(s) > halfDownUpNow, failed + " failed checks: " + Score.of(s) + " vs " + halfDownUpNow);
        }
    }

    @Test
    void of_two_equal_records_the_one_up_now_ranks_first() {
        assertEquals(0.2, Score.of(State.UP, 15, 20) - Score.of(State.DOWN, 15, 20), 1e-9);
        assertTrue(Score.of(State.UP, 0, 20) > 0, "up now counts even with no good record");
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
