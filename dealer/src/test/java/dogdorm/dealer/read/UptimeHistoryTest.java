package dogdorm.dealer.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.Batches;
import java.util.Set;
import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 24 h / 7 d / 30 d windows and the sparkline, from stored hourly buckets. */
class UptimeHistoryTest {
    private final MutableClock clock = MutableClock.at("2026-11-22T10:30:00Z");
    private final long hour = UptimeBucket.hourOf(clock.instant());
    private final MemoryStore store = new MemoryStore();
    private final UptimeHistory history = new UptimeHistory(store, clock, Duration.ofMinutes(1));

    private UptimeBucket bucket(long target, long hourOffset, long up, long down) {
        return new UptimeBucket(target, hour - hourOffset, up, down, 0, 0);
    }

    @Test
    void each_window_counts_the_current_hour_and_the_hours_before_it() throws Exception {
        store.write(Batches.targets(List.of(), Set.of(), 0, List.of(
                bucket(1, 0, 3, 1),          // this hour: in every window
                bucket(1, 23, 1, 0),         // the oldest hour of the last 24
                bucket(1, 24, 0, 4),         // just outside 24 h, inside 7 d
                bucket(1, 7 * 24, 0, 10),    // just outside 7 d, inside 30 d
                bucket(2, 100, 1, 1))));      // a target checked only 100 hours ago
        UptimeHistory.Summary one = history.summary(1);
        assertEquals(80.0, one.pct24h(), 1e-9);
        assertEquals(100.0 * 4 / 9, one.pct7d(), 1e-9);
        assertEquals(100.0 * 4 / 19, one.pct30d(), 1e-9);
        Double[] line = new Double[24];
        line[0] = 100.0;
        line[23] = 75.0;
        assertArrayEquals(line, one.last24h());

        UptimeHistory.Summary two = history.summary(2);
        assertNull(two.pct24h());
        assertEquals(50.0, two.pct7d(), 1e-9);
        assertEquals(50.0, two.pct30d(), 1e-9);
        assertArrayEquals(new Double[24], two.last24h());
        assertEquals(UptimeHistory.Summary.NONE, history.summary(3));
    }

    @Test
    void figures_are_cached_until_the_cache_time_has_passed() throws Exception {
        store.write(Batches.targets(List.of(), Set.of(), 0, List.of(bucket(1, 0, 1, 0))));
        assertEquals(100.0, history.summary(1).pct24h(), 1e-9);
        store.write(Batches.targets(List.of(), Set.of(), 0, List.of(bucket(1, 0, 0, 1))));
        assertEquals(100.0, history.summary(1).pct24h(), 1e-9);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(50.0, history.summary(1).pct24h(), 1e-9);
    }
}
