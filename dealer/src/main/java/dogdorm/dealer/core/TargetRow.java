package dogdorm.dealer.core;

import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import java.util.List;

/**
 * One target as stored: its id, its spec (null in a write when only the stats changed), a copy of its stats, when
 * it is next due (epoch ms, or null) and its last checks, newest first (what {@link CheckLog} keeps of it; null in
 * a write that leaves the stored ones as they are).
 */
public record TargetRow(long id, TargetSpec spec, Stats stats, Long nextDue, List<CheckLog.Check> checks) {
    public TargetRow {
        checks = checks == null ? null : List.copyOf(checks);
    }

    /** A row that leaves the record of checks as it is (imports, tests). */
    public TargetRow(long id, TargetSpec spec, Stats stats, Long nextDue) {
        this(id, spec, stats, nextDue, null);
    }
}
