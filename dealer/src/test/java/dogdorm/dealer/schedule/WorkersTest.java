package dogdorm.dealer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkersTest {
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void aNewWorkerCountsAtOnceAndTheSameWorkerAgainDoesNot() {
        Workers w = new Workers();
        assertEquals(0, w.recent(T0));
        w.seen("a", T0);
        assertEquals(1, w.recent(T0));
        w.seen("b", T0.plusMillis(100));
        assertEquals(2, w.recent(T0.plusMillis(100)));
        w.seen("a", T0.plusMillis(200));
        assertEquals(2, w.recent(T0.plusMillis(200)));
    }

    @Test
    void aWorkerSilentForAMinuteLeavesTheCountWithinASecond() {
        Workers w = new Workers();
        w.seen("a", T0);
        w.seen("b", T0.plusSeconds(30));
        assertEquals(2, w.recent(T0.plusSeconds(30)));
        assertEquals(2, w.recent(T0.plusSeconds(60)));
        assertEquals(1, w.recent(T0.plusSeconds(61)));
        assertEquals(0, w.recent(T0.plusSeconds(92)));
    }

    @Test
    void aWorkerBackAfterSilenceCountsAtOnce() {
        Workers w = new Workers();
        w.seen("a", T0);
        w.seen("b", T0.plusSeconds(55));
        assertEquals(1, w.recent(T0.plusSeconds(70)));
        w.seen("a", T0.plusSeconds(70).plusMillis(10));
        assertEquals(2, w.recent(T0.plusSeconds(70).plusMillis(20)));
    }
}
