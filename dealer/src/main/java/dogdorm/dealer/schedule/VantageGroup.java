package dogdorm.dealer.schedule;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A group of targets checked from {@code k} distinct locations each round. Each location's share is a slot: a
 * {@link Unit} bound to that location, queued in that location's own due queues, so a worker only ever sees the
 * slots of its own location and never finds one it may not take (dealing stays O(log n) per lease). With fewer live
 * locations than {@code k} the group has fewer slots and says so ({@link #short_()}).
 */
final class VantageGroup {
    final String key;
    final Task task;
    final Kind kind;
    final int family;
    long[] members;
    long intervalMs;
    long minLeaseMs;
    int k;
    /** When a group without slots (none bound yet) is first due. */
    long firstDue;
    final List<Unit> slots = new ArrayList<>(3);

    VantageGroup(String key, Task task, Kind kind, int family, long[] members, long intervalMs, int k, long firstDue) {
        this.key = key;
        this.task = task;
        this.kind = kind;
        this.family = family;
        this.members = members;
        this.intervalMs = intervalMs;
        this.k = k;
        this.firstDue = firstDue;
    }

    boolean short_() {
        return slots.size() < k;
    }

    boolean boundTo(String location) {
        for (Unit s : slots) {
            if (s.location.equals(location)) return true;
        }
        return false;
    }

    /** The slot queued earliest (the group's next due time as pages show it), or null when none is bound. */
    Unit earliest() {
        Unit best = null;
        for (Unit s : slots) {
            if (best == null || s.dueAt < best.dueAt) best = s;
        }
        return best;
    }
}
