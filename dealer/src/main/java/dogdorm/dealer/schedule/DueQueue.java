package dogdorm.dealer.schedule;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * An indexed binary min-heap of units ordered by due time: O(log n) to add, remove or re-time a unit, O(1) to see
 * the next one due. Each unit remembers its own position, so nothing is ever found by scanning.
 */
final class DueQueue {
    private Unit[] heap = new Unit[16];
    private int size;
    /**
     * The units queued and not yet counted as due, by due time: {@link #countDue} moves those whose time has come
     * into {@link #countedDue}, so it costs O(log n) per unit coming due, not a walk of the queue. An entry whose
     * unit left the queue or was re-timed since is stale (its stamp is old) and skipped when it comes up.
     */
    private final PriorityQueue<Pending> notYetDue = new PriorityQueue<>(Comparator.comparingLong(Pending::dueAt));
    private int countedDue;

    private record Pending(Unit unit, long dueAt, int stamp) {}

    int size() {
        return size;
    }

    Unit peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Unit u) {
        if (u.heapIndex >= 0) {
            throw new IllegalStateException("unit " + u.key + " is queued already");
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = u;
        u.heapIndex = size;
        size++;
        up(u.heapIndex);
        enter(u);
    }

    Unit poll() {
        if (size == 0) {
            return null;
        }
        Unit top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(Unit u) {
        if (u.heapIndex >= 0) {
            removeAt(u.heapIndex);
        }
    }

    /** Call after changing a queued unit's {@code dueAt}. */
    void retimed(Unit u) {
        if (u.heapIndex >= 0) {
            up(u.heapIndex);
            down(u.heapIndex);
            leave(u);
            enter(u);
        }
    }

    /**
     * How many queued units are due at or before {@code now} (the clock only goes forward here): amortised O(log n)
     * per unit that came due since the last call.
     */
    int countDue(long now) {
        while (!notYetDue.isEmpty() && notYetDue.peek().dueAt() <= now) {
            Pending p = notYetDue.poll();
            if (p.stamp() == p.unit().stamp && p.unit().heapIndex >= 0) {
                p.unit().countedDue = true;
                countedDue++;
            }
        }
        return countedDue;
    }

    private void enter(Unit u) {
        u.stamp++;
        notYetDue.add(new Pending(u, u.dueAt, u.stamp));
    }

    private void leave(Unit u) {
        if (u.countedDue) {
            u.countedDue = false;
            countedDue--;
        }
        u.stamp++; // its waiting entry, if any, is stale now
    }

    private void removeAt(int i) {
        Unit gone = heap[i];
        size--;
        if (i != size) {
            heap[i] = heap[size];
            heap[i].heapIndex = i;
            heap[size] = null;
            up(i);
            down(heap[i].heapIndex);
        } else {
            heap[size] = null;
        }
        gone.heapIndex = -1;
        leave(gone);
    }

    private static boolean less(Unit a, Unit b) {
        return a.dueAt < b.dueAt || a.dueAt == b.dueAt && a.key.compareTo(b.key) < 0;
    }

    private void up(int i) {
        Unit u = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Unit p = heap[parent];
            if (!less(u, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = u;
        u.heapIndex = i;
    }

    private void down(int i) {
        Unit u = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], u)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = u;
        u.heapIndex = i;
    }
}
