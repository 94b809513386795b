package dogdorm.worker.run;

import dogdorm.common.wire.ProbeResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Results waiting to be posted. Bounded: when the dealer stays away so long that the buffer fills, the oldest
 * results are dropped (their leases have expired by then anyway) and counted.
 */
public final class ResultBuffer {
    private final int capacity;
    private final ArrayDeque<ProbeResult> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private long dropped;

    public ResultBuffer(int capacity) {
        this.capacity = capacity;
    }

    public void addAll(Collection<ProbeResult> results) {
        lock.lock();
        try {
            for (ProbeResult r : results) {
                if (items.size() >= capacity) {
                    items.pollFirst();
                    dropped++;
                }
                items.addLast(r);
            }
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Puts back results that could not be sent, ahead of newer ones. */
    public void putBack(List<ProbeResult> results) {
        lock.lock();
        try {
            for (int i = results.size() - 1; i >= 0; i--) {
                if (items.size() >= capacity) {
                    dropped++;
                    continue;
                }
                items.addFirst(results.get(i));
            }
            nonEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code waitMs} for at least one result, then takes up to {@code max}. */
    public List<ProbeResult> take(int max, long waitMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (items.isEmpty() && nanos > 0) {
                nanos = nonEmpty.awaitNanos(nanos);
            }
            List<ProbeResult> out = new ArrayList<>(Math.min(max, items.size()));
            while (!items.isEmpty() && out.size() < max) {
                out.add(items.pollFirst());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }
}
