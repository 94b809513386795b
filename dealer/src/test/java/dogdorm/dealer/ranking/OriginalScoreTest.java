package dogdorm.dealer.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginalScoreTest {
    @Test
    void no_checks_scores_zero() {
        assertEquals(0.0, OriginalScore.of(0, 0, 0, 0));
    }

    @Test
    void matches_the_original_formula() {
        // 100 checks, 10 failed, at its longest uptime: 0.9 * 1.0 * (1 - e^-2)
        assertEquals(0.9 * (1 - Math.exp(-2)), OriginalScore.of(100, 10, 3600, 3600), 1e-12);
        // half of its longest uptime: middle factor 0.75
        assertEquals(0.9 * 0.75 * (1 - Math.exp(-2)), OriginalScore.of(100, 10, 1800, 3600), 1e-12);
        // never had uptime: middle factor 0.5
        assertEquals(1.0 * 0.5 * (1 - Math.exp(-0.02)), OriginalScore.of(1, 0, 0, 0), 1e-12);
    }

    @Test
    void many_good_checks_outrank_few_perfect_ones() {
        assertTrue(OriginalScore.of(200, 2, 100, 100) > OriginalScore.of(3, 0, 100, 100));
    }
}
