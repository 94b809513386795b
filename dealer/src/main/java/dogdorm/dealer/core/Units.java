package dogdorm.dealer.core;

import dogdorm.common.wire.Task;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import dogdorm.dealer.vantage.VantageRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the schedule in step with the table: one unit per group of targets (a target alone is its own group), with
 * the group's members, interval, shortest lease and number of locations (its first member's {@code vantage=}, else
 * the dealer's {@code --vantage}). Used under the core's lock.
 */
final class Units {
    private final TargetTable table;
    private final Scheduler scheduler;
    private final Duration interval;
    private final int vantage;
    private final VantageRecords vantages;

    Units(TargetTable table, Scheduler scheduler, Duration interval, int vantage, VantageRecords vantages) {
        this.table = table;
        this.scheduler = scheduler;
        this.interval = interval;
        this.vantage = vantage;
        this.vantages = vantages;
    }

    /** A target is gone: so are its locations' records. */
    void removed(long id) {
        vantages.forget(id);
    }

    Duration intervalOf(TargetSpec s) {
        return s.interval() != null ? s.interval() : interval;
    }

    /**
     * Makes a group's unit match the table: members, interval, shortest lease; gone when the group is empty or
     * paused (an admin pauses a group whole: {@link Core#pause}).
     */
    void sync(String groupKey, Long firstDue, long now) {
        Set<Long> ids = table.group(groupKey);
        if (ids.isEmpty() || ids.stream().anyMatch(id -> table.get(id).stats().pausedAt != null)) {
            scheduler.remove(groupKey);
            return;
        }
        long[] members = ids.stream().mapToLong(Long::longValue).toArray();
        List<TargetSpec> specs = new ArrayList<>(members.length);
        for (long id : members) {
            specs.add(table.get(id).spec());
        }
        TargetSpec first = specs.get(0);
        int k = first.vantage() != null ? first.vantage() : vantage;
        scheduler.put(groupKey, Task.CHECK, first.kind(), first.family(), members, first.interval(), firstDue, now, k);
        if (k == 1) {
            for (long id : members) {
                vantages.forget(id); // checked from one location (again): the vote is over
            }
        }
        scheduler.minLease(groupKey, Jobs.minLeaseMs(specs));
    }

    /** Replaces a target's spec; when its group changes, both the old and the new group's units follow. */
    void update(Target t, TargetSpec spec, long now) {
        String before = t.groupKey();
        table.update(t, spec);
        if (!before.equals(t.groupKey())) {
            sync(before, null, now);
        }
        sync(t.groupKey(), null, now);
    }
}
