package dogdorm.dealer.vantage;

import dogdorm.dealer.ranking.Score;
import dogdorm.dealer.table.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the locations of a target checked from several say together. Only locations with a confirmed state and a
 * check in the last {@code freshMs} count. The target is {@link State#DOWN} when at least a quorum of them confirm
 * it down (the quorum is capped at the number of locations the target is dealt to now, so a target short of
 * locations can still go down); {@link State#UP} when it is not down and at least one location has it up, with a
 * <i>regional problem</i> in the locations that have it down; {@link State#UNKNOWN} while no location has an
 * opinion yet. Its score is the median of the counted locations' scores ({@link Score}). Pure.
 */
public record Vote(State state, List<String> down, List<String> up, double score) {
    public Vote {
        down = List.copyOf(down);
        up = List.copyOf(up);
    }

    /** Locations that have it down while the vote has it up. */
    public List<String> regional() {
        return state == State.UP ? down : List.of();
    }

    /**
     * @param quorum   how many locations must confirm an outage
     * @param dealtTo  how many locations the target is dealt to now (fewer than K when short of locations)
     */
    public static Vote of(Collection<VantagePoint> points, int quorum, int dealtTo, Instant now, long freshMs) {
        return of(points, quorum, dealtTo, now, freshMs, worker -> true);
    }

    /** As above; a location whose last check came from a worker that does not {@code count} has no say. */
    public static Vote of(Collection<VantagePoint> points, int quorum, int dealtTo, Instant now, long freshMs,
                          Predicate<String> counts) {
        List<String> down = new ArrayList<>();
        List<String> up = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (VantagePoint p : points) {
            State s = p.stats().state;
            if (s == State.UNKNOWN || !p.fresh(now, freshMs) || !counts.test(p.stats().lastWorker)) {
                continue;
            }
            (s == State.DOWN ? down : up).add(p.location());
            scores.add(Score.of(p.stats()));
        }
        down.sort(null);
        up.sort(null);
        int needed = Math.max(1, Math.min(quorum, dealtTo));
        State state = down.size() >= needed ? State.DOWN : !up.isEmpty() ? State.UP : State.UNKNOWN;
        return new Vote(state, down, up, median(scores));
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
