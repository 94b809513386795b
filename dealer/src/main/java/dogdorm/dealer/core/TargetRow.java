package dogdorm.dealer.core;

import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;

/**
 * One target as stored: its id, its spec (null in a write when only the stats changed), a copy of its stats and
 * when it is next due (epoch ms, or null).
 */
public record TargetRow(long id, TargetSpec spec, Stats stats, Long nextDue) {}
