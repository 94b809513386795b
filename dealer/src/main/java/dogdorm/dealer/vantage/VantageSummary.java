package dogdorm.dealer.vantage;

import java.util.List;

/**
 * A target checked from several locations, as its readers see it: how many it asks for ({@code k}), the locations
 * it is dealt to now ({@code degraded} when fewer than k are live), the quorum, the vote, and each location's view.
 */
public record VantageSummary(int k, List<String> dealtTo, boolean degraded, int quorum, Vote vote,
                             List<VantageView> points) {
    public VantageSummary {
        dealtTo = List.copyOf(dealtTo);
        points = List.copyOf(points);
    }
}
