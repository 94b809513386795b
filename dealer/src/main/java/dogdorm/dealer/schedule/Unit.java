package dogdorm.dealer.schedule;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;

/**
 * What the scheduler deals: one group of targets (usually a single target) of one kind and family, due every
 * {@code intervalMs}, to any worker; or one location's slot of a group checked from several locations
 * ({@link VantageGroup}), to workers of that location only. While a unit is leased it is out of its due queue.
 */
public final class Unit {
    final String key;
    final Task task;
    final Kind kind;
    final int family;
    long[] members;
    long intervalMs;
    /** At least this long a lease of it lasts: its members' own timeouts and a margin (0: the dealer's setting). */
    long minLeaseMs;
    /** Volatile, with {@link #lease}: the read model shows when it is next due without the dealer's lock. */
    volatile long dueAt;
    /** Position in its due queue's heap, -1 when not queued. */
    int heapIndex = -1;
    /** Counted as due by its queue, and the version of its entry in the queue's not-yet-due heap. */
    boolean countedDue;
    int stamp;
    /** The lease out now, or null. */
    volatile Lease lease;
    /** The location this slot is bound to, or null: an ordinary unit any worker may take. */
    final String location;
    /** The group this is a slot of, or null. */
    final VantageGroup group;
    boolean removed;
    /**
     * The worker whose failed (or faulted) check put this unit in doubt: its re-check goes to another worker when
     * one is around, so one worker's bad network does not confirm an outage alone. Null when not in doubt.
     */
    String recheckAvoid;

    Unit(String key, Task task, Kind kind, int family, long[] members, long intervalMs) {
        this(key, task, kind, family, members, intervalMs, null, null);
    }

    Unit(String key, Task task, Kind kind, int family, long[] members, long intervalMs, String location,
         VantageGroup group) {
        this.location = location;
        this.group = group;
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

    /** The location this slot is bound to, or null for a unit any worker may take. */
    public String location() {
        return location;
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

    public long intervalMs() {
        return intervalMs;
    }

    public long[] members() {
        return members.clone();
    }

    public boolean leased() {
        return lease != null;
    }

    /** When it is next due, or null while a lease of it is out (checking now). Safe without the dealer's lock. */
    public Long nextDue() {
        long due = dueAt;
        return lease != null ? null : due;
    }
}
