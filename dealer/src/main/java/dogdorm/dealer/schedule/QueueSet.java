package dogdorm.dealer.schedule;

import dogdorm.common.Kind;
import java.util.Collection;

/** One {@link DueQueue} per (kind, family): the scheduler's shared queues, or one location's. */
final class QueueSet {
    private final DueQueue[] queues = new DueQueue[Kind.values().length * 2];

    QueueSet() {
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new DueQueue();
        }
    }

    DueQueue get(Kind kind, int family) {
        return queues[kind.ordinal() * 2 + (family == 6 ? 1 : 0)];
    }

    /** The earliest due time among the given kinds and families, or {@link Long#MAX_VALUE} when none is queued. */
    long nextDue(Collection<Kind> kinds, Collection<Integer> families) {
        long next = Long.MAX_VALUE;
        for (Kind k : kinds) {
            for (Integer f : families) {
                Unit head = get(k, f).peek();
                if (head != null) {
                    next = Math.min(next, head.dueAt);
                }
            }
        }
        return next;
    }

    /** How many queued units are due at or before {@code now}. */
    int countDue(long now) {
        int n = 0;
        for (DueQueue q : queues) {
            n += q.countDue(now);
        }
        return n;
    }
}
