package dogdorm.dealer.store;

import dogdorm.dealer.ranking.UptimeBucket;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Uptime history: hourly buckets for the last 30 days, daily ones before that. The flush adds the deltas; the
 * hourly roll-up runs on the flusher's thread too, so the store has one writer.
 */
public interface UptimeStore {

    /** Every target's summed up/down counts over the hours from {@code fromHour} on: {@code [up, down]}. */
    Map<Long, long[]> uptimeTotals(long fromHour) throws StoreException;

    /** Every target's hourly buckets from {@code fromHour} on. */
    Map<Long, List<UptimeBucket>> hourlySince(long fromHour) throws StoreException;

    /** One target's hourly buckets from {@code fromHour} on, oldest first. */
    List<UptimeBucket> hourly(long targetId, long fromHour) throws StoreException;

    /** One target's daily buckets from {@code fromDay} on, oldest first. */
    List<UptimeBucket> daily(long targetId, long fromDay) throws StoreException;

    /**
     * Some targets' history per day from {@code fromDay} on, by target, oldest first: the days already folded and
     * the hours not yet folded, summed into their days, read together (a roll-up never counts an hour twice).
     */
    Map<Long, List<UptimeBucket>> dailySince(Collection<Long> targetIds, long fromDay) throws StoreException;

    /**
     * Folds hourly buckets older than {@code beforeHour} into daily ones and drops daily ones older than
     * {@code dropBeforeDay}, in one transaction. Returns the number of hourly rows folded.
     */
    int rollUp(long beforeHour, long dropBeforeDay) throws StoreException;
}
