package dogdorm.dealer.vantage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoteTest {
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final long FRESH = 600_000;
    private final VantageRecords records = new VantageRecords();

    /** {@code n} checks of target 1 from {@code location}, all up or all down, at {@code at}. */
    private void checks(String location, boolean up, int n, Instant at) {
        VantagePoint p = records.point(1, location);
        for (int i = 0; i < n; i++) {
            p.record(up, up ? 10.0 : null, up ? null : "connection refused", at, "w-" + location,
                    new Stats.Thresholds(2, 1));
        }
    }

    private Vote vote(int quorum, int dealtTo, Instant now) {
        return Vote.of(records.points(1), quorum, dealtTo, now, FRESH);
    }

    @Test
    void fewer_than_a_quorum_down_is_a_regional_problem_a_quorum_is_an_outage() {
        checks("ams", true, 3, T0);
        checks("nyc", true, 3, T0);
        checks("sin", true, 3, T0);
        assertEquals(new Vote(State.UP, List.of(), List.of("ams", "nyc", "sin"), vote(2, 3, T0).score()),
                vote(2, 3, T0));
        checks("ams", false, 1, T0);
        assertEquals(List.of(), vote(2, 3, T0).down(), "one failure is not yet a confirmed down in ams");
        checks("ams", false, 1, T0);
        Vote regional = vote(2, 3, T0);
        assertEquals(State.UP, regional.state());
        assertEquals(List.of("ams"), regional.regional());
        checks("nyc", false, 2, T0);
        Vote down = vote(2, 3, T0);
        assertEquals(State.DOWN, down.state());
        assertEquals(List.of("ams", "nyc"), down.down());
        assertEquals(List.of(), down.regional(), "an outage is not regional");
    }

    @Test
    void a_target_short_of_locations_can_still_go_down_and_a_stale_location_does_not_count() {
        checks("ams", false, 2, T0);
        assertEquals(State.DOWN, vote(2, 1, T0).state(), "dealt to one location only: it decides");
        checks("nyc", true, 1, T0);
        assertEquals(State.UP, vote(2, 2, T0).state());
        checks("nyc", true, 1, T0.minusMillis(FRESH + 1)); // nyc's last word is old now
        records.point(1, "nyc").stats().lastCheck = T0.minusMillis(FRESH + 1);
        assertEquals(State.UNKNOWN, vote(2, 2, T0).state(), "nyc says nothing, ams alone is not a quorum of two: "
                + "the target stays as it was");
        assertEquals(State.DOWN, vote(2, 1, T0).state(), "once nyc's silent slot has moved away, ams decides");
    }

    @Test
    void no_opinion_yet_is_unknown_and_the_score_is_the_median_of_the_locations() {
        assertEquals(State.UNKNOWN, vote(2, 3, T0).state());
        checks("ams", false, 1, T0);
        assertEquals(State.UNKNOWN, vote(2, 3, T0).state(), "a first failure confirms nothing");
        checks("ams", true, 20, T0);
        checks("nyc", true, 3, T0);
        checks("sin", false, 2, T0);
        double ams = dogdorm.dealer.ranking.Score.of(records.point(1, "ams").stats());
        double nyc = dogdorm.dealer.ranking.Score.of(records.point(1, "nyc").stats());
        double sin = dogdorm.dealer.ranking.Score.of(records.point(1, "sin").stats());
        assertEquals(List.of(sin, nyc, ams), List.of(sin, nyc, ams).stream().sorted().toList(), "sin < nyc < ams");
        assertEquals(nyc, vote(2, 3, T0).score(), 1e-12);
    }

    @Test
    void the_ntp_style_score_steps_by_answer_and_settles_at_twenty_times_the_step() {
        VantagePoint p = records.point(2, "ams");
        for (int i = 0; i < 400; i++) {
            p.record(true, 1.0, null, T0, "w", Stats.Thresholds.IMMEDIATE);
        }
        assertEquals(20.0, p.score(), 1e-6);
        assertEquals(VantagePoint.TIMEOUT, VantagePoint.step(false, "no answer within 5000 ms"));
        assertEquals(VantagePoint.TIMEOUT, VantagePoint.step(false, "connect timed out"));
        assertEquals(VantagePoint.DOWN, VantagePoint.step(false, "connection refused"));
        assertEquals(VantagePoint.UP, VantagePoint.step(true, null));
        p.record(false, null, "connection refused", T0, "w", Stats.Thresholds.IMMEDIATE);
        assertEquals(-2 + 0.95 * 20.0, p.score(), 1e-6);
    }
}
