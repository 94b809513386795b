package dogdorm.dealer.core;

import dogdorm.common.Kind;
import dogdorm.dealer.table.State;

/**
 * The state core's counts, published after every command (and every second for what time changes: targets coming
 * due, workers going quiet), so {@code /healthz} and {@code /metrics} read them without its lock.
 *
 * @param byKindAndState targets per kind ({@link Kind#ordinal()}) and state ({@link State#ordinal()}); a copy
 */
public record Counts(int targets, int due, int leased, int workersLastMinute, long resultsAccepted,
                     long resultsRejected, long[][] byKindAndState) {

    public long count(Kind kind, State state) {
        return byKindAndState[kind.ordinal()][state.ordinal()];
    }

    public static Counts none() {
        return new Counts(0, 0, 0, 0, 0, 0, new long[Kind.values().length][State.values().length]);
    }
}
