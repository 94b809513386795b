package dogdorm.dealer.imports;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import java.time.Duration;

/**
 * What the list sync needs from the dealer: the table, and the operations that keep the scheduler in step with
 * it. Implemented by the dealer; called under its lock.
 */
public interface Book {
    TargetTable table();

    /** Adds a target and schedules its group; null when its key exists. */
    Target add(TargetSpec spec);

    /** Replaces a target's spec, keeping the units of its old and new group in step. */
    void update(Target t, TargetSpec spec);

    /** Removes a target (and its unit when its group is empty). */
    void remove(Target t);

    /** Schedules a unit of a task other than a normal check (an import or a resolution); one already scheduled
     *  keeps its due time: {@link #retime} moves it. */
    void schedule(String unitKey, Kind kind, int family, long member, Duration interval, Task task, long firstDue);

    /** Makes a unit due at {@code at}. */
    void retime(String unitKey, long at);

    void unschedule(String unitKey);

    long now();

    /** A random delay in [0, max) for spreading first attempts. */
    long jitter(long maxMillis);
}
