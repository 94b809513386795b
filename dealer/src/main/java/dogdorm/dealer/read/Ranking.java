package dogdorm.dealer.read;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders targets the way every view shows them: grouped by kind, then family, then transport; within each, groups
 * of targets (a group is dealt and scored together) most reliable first: higher score, then lower mean latency,
 * then lower id. Pure functions.
 */
public final class Ranking {
    private Ranking() {}

    /** One section of the ranking: a kind, family and transport with its groups in rank order. */
    public record Section(Kind kind, int family, Transport transport, List<List<TargetView>> groups) {}

    public static final Comparator<List<TargetView>> BEST_FIRST = Comparator
            .comparingDouble((List<TargetView> g) -> -g.get(0).score())
            .thenComparingDouble(Ranking::meanLatency)
            .thenComparingLong(g -> g.get(0).id());

    private static double meanLatency(List<TargetView> g) {
        double sum = 0;
        int n = 0;
        for (TargetView t : g) {
            Double l = t.latencyMeanMs();
            if (l != null) {
                sum += l;
                n++;
            }
        }
        return n == 0 ? Double.MAX_VALUE : sum / n;
    }

    public static List<Section> sections(List<TargetView> targets) {
        Map<Kind, Map<Integer, Map<Transport, Map<String, List<TargetView>>>>> tree = new EnumMap<>(Kind.class);
        for (TargetView t : targets) {
            tree.computeIfAbsent(t.kind(), k -> new TreeMap<>())
                    .computeIfAbsent(t.family(), f -> new EnumMap<>(Transport.class))
                    .computeIfAbsent(t.transport(), tr -> new LinkedHashMap<>())
                    .computeIfAbsent(t.group(), g -> new ArrayList<>()).add(t);
        }
        List<Section> out = new ArrayList<>();
        tree.forEach((kind, families) -> families.forEach((family, transports) -> transports.forEach(
                (transport, groups) -> {
                    List<List<TargetView>> ordered = new ArrayList<>();
                    for (List<TargetView> g : groups.values()) {
                        g.sort(Comparator.comparingLong(TargetView::id));
                        ordered.add(g);
                    }
                    ordered.sort(BEST_FIRST);
                    out.add(new Section(kind, family, transport, ordered));
                })));
        return out;
    }
}
