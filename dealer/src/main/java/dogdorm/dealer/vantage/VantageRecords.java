package dogdorm.dealer.vantage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every (target, location) record of the targets checked from several locations, in memory under the dealer's
 * lock. A restart starts them empty: the target's own state is stored, and a round rebuilds the locations' views.
 */
public final class VantageRecords {
    private final Map<Long, Map<String, VantagePoint>> byTarget = new HashMap<>();
    private final Map<Long, VantageSummary> summaries = new HashMap<>();

    /** The record of one target from one location, made on its first check from there. */
    public VantagePoint point(long target, String location) {
        return byTarget.computeIfAbsent(target, t -> new TreeMap<>()).computeIfAbsent(location, VantagePoint::new);
    }

    public Collection<VantagePoint> points(long target) {
        Map<String, VantagePoint> m = byTarget.get(target);
        return m == null ? List.of() : m.values();
    }

    /** Copies of a target's records, by location. */
    public List<VantageView> views(long target) {
        List<VantageView> out = new ArrayList<>();
        for (VantagePoint p : points(target)) {
            out.add(VantageView.of(p));
        }
        return out;
    }

    /** What the last check of a target from several locations left: the vote and each location's view. */
    public VantageSummary summary(long target) {
        return summaries.get(target);
    }

    public void summary(long target, VantageSummary s) {
        summaries.put(target, s);
    }

    /** A target is gone, or is checked from one location again. */
    public void forget(long target) {
        byTarget.remove(target);
        summaries.remove(target);
    }
}
