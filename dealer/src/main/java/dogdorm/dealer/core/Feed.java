package dogdorm.dealer.core;

import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.schedule.Unit;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.vantage.VantageSummary;
import java.util.Map;

/**
 * What the state core tells its readers as things change: copies of what changed, handed over under the core's
 * lock at the end of each command. An implementation only stores them (it builds no view there): pages are built
 * later, from what it stored, on the reader's own thread.
 */
public interface Feed {
    /** A target was added or changed. */
    void target(TargetState t);

    void targetGone(long id);

    /** A list row being validated (or validated, or given up on) was added or changed. */
    void candidate(CandidateState c);

    void candidateGone(long id);

    /** A DNS alias was resolved, or is used by different rows now. */
    void alias(AliasState a);

    void aliasGone(long id);

    /**
     * One target as its readers see it: what it is, a copy of its stats, its last check's detail, its unit in the
     * schedule (whose next due time may be read without the core's lock; null when it has none) and, when it is
     * checked from several locations, how they see it (immutable; null otherwise or before the first check).
     */
    record TargetState(long id, TargetSpec spec, Stats stats, Map<String, Object> detail, String groupKey,
                       Unit unit, VantageSummary vantage) {
        /** When it is next checked, or null while it is being checked (or has no unit). */
        public Long nextDue() {
            return unit == null ? null : unit.nextDue();
        }
    }

    /** A copy of a candidate, and its unit (when it is next tried). */
    record CandidateState(Candidate candidate, Unit unit) {}

    /** A copy of an alias, and how many targets and candidates use it. */
    record AliasState(Alias alias, int users) {}

    /** A feed nobody reads (tests and benchmarks of the core alone). */
    Feed NONE = new Feed() {
        @Override
        public void target(TargetState t) {}

        @Override
        public void targetGone(long id) {}

        @Override
        public void candidate(CandidateState c) {}

        @Override
        public void candidateGone(long id) {}

        @Override
        public void alias(AliasState a) {}

        @Override
        public void aliasGone(long id) {}
    };
}
