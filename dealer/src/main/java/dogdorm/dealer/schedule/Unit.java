package dogdorm.dealer.schedule;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;

/**
 * What the scheduler deals: one group of targets (usually a single target) of one kind and family, due every
 * {@code intervalMs}. While a unit is leased it is out of its due queue.
 */
public final class Unit {
    final String key;
    final Task task;
    final Kind kind;
    final int family;
    long[] members;
    long intervalMs;
    long dueAt;
    /** Position in its due queue's heap, -1 when not queued. */
    int heapIndex = -1;
    /** The lease out now, or null. (Multi-vantage dealing would keep one lease per location here.) */
    Lease lease;
    boolean removed;

    Unit(String key, Task task, Kind kind, int family, long[] members, long intervalMs) {
        this.key = key;
        this.task = task;
        this.kind = kind;
        this.family = family;
        this.members = members;
        this.intervalMs = intervalMs;
    }

    public String key() {
        return key;
    }

    /** What a lease of it asks: a check (members are targets), an import (candidates) or a resolution (aliases). */
    public Task task() {
        return task;
    }

    public Kind kind() {
        return kind;
    }

    public int family() {
        return family;
    }

    public long dueAt() {
        return dueAt;
    }

    public long[] members() {
        return members.clone();
    }

    public boolean leased() {
        return lease != null;
    }
}
