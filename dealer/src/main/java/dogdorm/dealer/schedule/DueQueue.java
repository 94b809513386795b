package dogdorm.dealer.schedule;

import java.util.Arrays;

/**
 * An indexed binary min-heap of units ordered by due time: O(log n) to add, remove or re-time a unit, O(1) to see
 * the next one due. Each unit remembers its own position, so nothing is ever found by scanning.
 */
final class DueQueue {
    private Unit[] heap = new Unit[16];
    private int size;

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
        }
    }

    /** How many units are due at or before {@code now}: visits only those (and their direct children). */
    int countDue(long now) {
        return countFrom(0, now);
    }

    private int countFrom(int i, long now) {
        if (i >= size || heap[i].dueAt > now) {
            return 0;
        }
        return 1 + countFrom(2 * i + 1, now) + countFrom(2 * i + 2, now);
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
