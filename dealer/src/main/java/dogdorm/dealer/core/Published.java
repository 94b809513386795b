package dogdorm.dealer.core;

import dogdorm.common.Kind;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.pending.ChangeSet;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetTable;
import dogdorm.dealer.vantage.VantageRecords;

/**
 * What the core publishes at the end of each command: the targets, candidates and aliases that changed, as copies,
 * to its {@link Feed}; and its {@link Counts}, kept up to date as targets come, go and change state (no walk of
 * the table). Used under the core's lock; {@link #counts()} from any thread.
 */
final class Published {
    private final TargetTable table;
    private final Scheduler scheduler;
    private final Lists lists;
    private final VantageRecords vantages;
    private final Feed feed;
    private final long[][] byKindAndState = new long[Kind.values().length][State.values().length];
    private boolean listsChanged;
    private int workersLastMinute;
    private volatile Counts counts = Counts.none();

    Published(TargetTable table, Scheduler scheduler, Lists lists, VantageRecords vantages, Feed feed) {
        this.vantages = vantages;
        this.table = table;
        this.scheduler = scheduler;
        this.lists = lists;
        this.feed = feed;
    }

    /** Every candidate and alias is told again at the next publish (the rows using them may have changed). */
    void listsChanged() {
        listsChanged = true;
    }

    void workers(int seenLastMinute) {
        workersLastMinute = seenLastMinute;
    }

    Counts counts() {
        return counts;
    }

    void publish(long now, long accepted, long rejected) {
        TargetTable.Touched touched = table.takeTouched();
        for (Target t : touched.present()) {
            count(t, t.stats().shown());
            feed.target(new Feed.TargetState(t.id(), t.spec(), t.stats().copy(), t.detail(), t.groupKey(),
                    scheduler.unit(t.groupKey()), vantages.summary(t.id())));
        }
        for (Target t : touched.removed()) {
            count(t, null);
            feed.targetGone(t.id());
        }
        ChangeSet.Touched candidatesTouched = lists.candidates().takeTouched();
        for (Long id : candidatesTouched.deleted()) {
            feed.candidateGone(id);
        }
        for (Long id : listsChanged ? lists.candidates().ids() : candidatesTouched.ids()) {
            Candidate c = lists.candidates().get(id);
            if (c != null) {
                feed.candidate(new Feed.CandidateState(c.copy(), scheduler.unit(c.unitKey())));
            }
        }
        ChangeSet.Touched aliasesTouched = lists.aliases().takeTouched();
        Iterable<Long> aliasIds = listsChanged ? lists.aliases().ids() : aliasesTouched.ids();
        for (Long id : aliasesTouched.deleted()) {
            feed.aliasGone(id);
        }
        for (Long id : aliasIds) {
            Alias a = lists.aliases().get(id);
            if (a != null) {
                feed.alias(new Feed.AliasState(a.copy(), lists.users(a)));
            }
        }
        listsChanged = false;
        long[][] copy = new long[byKindAndState.length][];
        for (int k = 0; k < copy.length; k++) {
            copy[k] = byKindAndState[k].clone();
        }
        counts = new Counts(table.size(), scheduler.dueCount(now), scheduler.leasedCount(), workersLastMinute,
                accepted, rejected, copy);
    }

    /** Moves a target's count to {@code state} (null: it is gone). */
    private void count(Target t, State state) {
        State was = t.counted();
        if (was == state) {
            return;
        }
        int kind = t.spec().kind().ordinal();
        if (was != null) {
            byKindAndState[kind][was.ordinal()]--;
        }
        if (state != null) {
            byKindAndState[kind][state.ordinal()]++;
        }
        t.counted(state);
    }
}
