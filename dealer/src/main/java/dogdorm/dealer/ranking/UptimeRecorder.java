package dogdorm.dealer.ranking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts each check into its target's hourly bucket, as deltas since the last flush; the flush adds them to the
 * stored buckets in the same transaction as the stats. A check made while its target is in maintenance is left
 * out (neither up nor down), so the uptime history leaves maintenance out. Guarded by the dealer's lock.
 */
public final class UptimeRecorder {
    private record Key(long targetId, long hour) {}

    /** Which checks the history leaves out: those of a target in maintenance at that time. */
    @FunctionalInterface
    public interface LeaveOut {
        boolean test(long targetId, Instant at);
    }

    private final LeaveOut leaveOut;
    private Map<Key, UptimeBucket> deltas = new HashMap<>();

    /** Counts every check. */
    public UptimeRecorder() {
        this((id, at) -> false);
    }

    public UptimeRecorder(LeaveOut leaveOut) {
        this.leaveOut = leaveOut;
    }

    public void record(long targetId, Instant at, boolean up, Double latencyMs) {
        if (leaveOut.test(targetId, at)) {
            return;
        }
        long hour = UptimeBucket.hourOf(at);
        UptimeBucket d = new UptimeBucket(targetId, hour, up ? 1 : 0, up ? 0 : 1,
                up && latencyMs != null ? latencyMs : 0, up && latencyMs != null ? 1 : 0);
        deltas.merge(new Key(targetId, hour), d, UptimeBucket::plus);
    }

    /** Takes the deltas gathered since the last call. */
    public List<UptimeBucket> take() {
        List<UptimeBucket> out = new ArrayList<>(deltas.values());
        deltas = new HashMap<>();
        return out;
    }

    /** Gives back deltas a failed flush did not write. */
    public void giveBack(List<UptimeBucket> failed) {
        for (UptimeBucket b : failed) {
            deltas.merge(new Key(b.targetId(), b.period()), b, UptimeBucket::plus);
        }
    }
}
