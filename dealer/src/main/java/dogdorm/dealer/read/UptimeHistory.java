package dogdorm.dealer.read;

import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.UptimeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of uptime history: uptime % over 24 hours, 7 days and 30 days and the last 24 hours as a
 * sparkline, for every target, from the stored hourly buckets (what the last flush wrote), cached for
 * {@code cacheFor}; and one target's buckets for its page. Also folds old hours into days ({@link #rollUp()}).
 */
public final class UptimeHistory {
    private static final Logger log = LoggerFactory.getLogger(UptimeHistory.class);
    public static final int HOURLY_DAYS = 30;
    public static final int DAILY_DAYS = 400;

    /** One target's figures; a percentage is null without checks in its window. */
    public record Summary(Double pct24h, Double pct7d, Double pct30d, Double[] last24h) {
        public static final Summary NONE = new Summary(null, null, null, new Double[24]);
    }

    private final UptimeStore store;
    private final Clock clock;
    private final Cached<Map<Long, Summary>> summaries;

    public UptimeHistory(UptimeStore store, Clock clock, Duration cacheFor) {
        this.store = store;
        this.clock = clock;
        this.summaries = new Cached<>(clock, cacheFor, this::rebuild);
    }

    /** Every target's summary, by target id (targets without history are absent). */
    public Map<Long, Summary> summaries() {
        return summaries.get();
    }

    /** Forgets the cache, so the next read sees what was flushed last (tests, after a flush). */
    public void invalidate() {
        summaries.invalidate();
    }

    private Map<Long, Summary> rebuild(Map<Long, Summary> previous) {
        try {
            return build();
        } catch (StoreException e) {
            log.warn("uptime history unavailable: {}", e.getMessage());
            return previous == null ? Map.of() : previous;
        }
    }

    private Map<Long, Summary> build() throws StoreException {
        long hour = UptimeBucket.hourOf(clock.instant());
        // the current hour counts in every window: 24 h = this hour and the 23 before it
        // the last 24 hours come as buckets (for the sparkline) and are summed here; longer windows are summed
        // by the store
        Map<Long, List<UptimeBucket>> spark = store.hourlySince(hour - 23);
        Map<Long, long[]> d7 = store.uptimeTotals(hour - 7 * 24 + 1);
        Map<Long, long[]> d30 = store.uptimeTotals(hour - HOURLY_DAYS * 24 + 1);
        Map<Long, Summary> out = new HashMap<>();
        for (Map.Entry<Long, long[]> e : d30.entrySet()) {
            long id = e.getKey();
            Double[] line = new Double[24];
            long[] d1 = null;
            for (UptimeBucket b : spark.getOrDefault(id, List.of())) {
                int slot = (int) (b.period() - (hour - 23));
                if (slot >= 0 && slot < 24) {
                    line[slot] = b.uptimePct();
                }
                d1 = d1 == null ? new long[2] : d1;
                d1[0] += b.up();
                d1[1] += b.down();
            }
            out.put(id, new Summary(pct(d1), pct(d7.get(id)), pct(e.getValue()), line));
        }
        return out;
    }

    private static Double pct(long[] upDown) {
        if (upDown == null || upDown[0] + upDown[1] == 0) {
            return null;
        }
        return 100.0 * upDown[0] / (upDown[0] + upDown[1]);
    }

    public Summary summary(long targetId) {
        return summaries().getOrDefault(targetId, Summary.NONE);
    }

    /** One target's hourly buckets over the last {@code days} days, oldest first. */
    public List<UptimeBucket> hourly(long targetId, int days) throws StoreException {
        return store.hourly(targetId, UptimeBucket.hourOf(clock.instant()) - days * 24L + 1);
    }

    /** One target's daily buckets (history older than 30 days), oldest first. */
    public List<UptimeBucket> daily(long targetId) throws StoreException {
        return store.daily(targetId, UptimeBucket.dayOf(UptimeBucket.hourOf(clock.instant())) - DAILY_DAYS);
    }

    /** Today's epoch day, as the buckets count days (UTC). */
    public long today() {
        return UptimeBucket.dayOf(UptimeBucket.hourOf(clock.instant()));
    }

    /**
     * Some targets' checks per day over the last {@code days} days (today included), by target, oldest first;
     * days without checks are absent.
     */
    public Map<Long, List<UptimeBucket>> days(Collection<Long> targetIds, int days) throws StoreException {
        return targetIds.isEmpty() ? Map.of() : store.dailySince(targetIds, today() - days + 1);
    }

    /** Folds hours older than 30 days into days; drops days older than 400. Run hourly. */
    public void rollUp() {
        long hour = UptimeBucket.hourOf(clock.instant());
        try {
            int folded = store.rollUp(hour - HOURLY_DAYS * 24L, UptimeBucket.dayOf(hour) - DAILY_DAYS);
            if (folded > 0) {
                log.info("uptime history: {} hourly rows older than {} days folded into days", folded,
                        HOURLY_DAYS);
            }
        } catch (StoreException e) {
            log.warn("uptime roll-up failed, will try again: {}", e.getMessage());
        }
    }
}
