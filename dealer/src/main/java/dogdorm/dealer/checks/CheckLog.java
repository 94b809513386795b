package dogdorm.dealer.checks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last checks of every target, in memory: a ring of {@link #capacity()} per target, the oldest overwritten.
 * What a check said (time, worker, up or down, latency, error) is what the target page's bar of recent checks and
 * {@code GET /api/targets/{id}/checks} show. Written under the dealer's lock by result ingestion; read by pages
 * without it (each ring has its own small lock). Each target's ring is stored with its stats row (see
 * {@link CheckCodec}), at most once a minute and at a clean stop (the rings that changed since they were last
 * taken: {@link #takeChanged}), and put back at start-up.
 *
 * <p>About 24 bytes per check kept (a time, a latency, the worker's name shared across checks, an error only for
 * a failure): the default 30 per target cost some 720 bytes a target.
 */
public final class CheckLog {
    /** One check as a worker reported it; {@code latencyMs} and {@code error} may be null. */
    public record Check(Instant at, String worker, boolean up, Double latencyMs, String error) {}

    public static final int DEFAULT_CAPACITY = 30;
    /** Worker names are few: each is kept once and shared by every check it made. */
    private static final int MAX_WORKER_NAMES = 10_000;

    private final int capacity;
    private final Map<Long, Ring> rings = new ConcurrentHashMap<>();
    private final Map<String, String> workerNames = new ConcurrentHashMap<>();
    /** Targets whose ring changed since it was last taken for the store; under the dealer's lock. */
    private final BitSet changed = new BitSet();

    public CheckLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a check log keeps at least one check per target, not " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public void record(long target, Instant at, String worker, boolean up, Double latencyMs, String error) {
        rings.computeIfAbsent(target, t -> new Ring(capacity)).add(at, shared(worker), up, latencyMs, error);
        changed.set(Math.toIntExact(target));
    }

    /** The one copy of a worker's name every check it made shares. */
    private String shared(String worker) {
        return worker == null ? null : workerNames.size() < MAX_WORKER_NAMES
                ? workerNames.computeIfAbsent(worker, w -> w) : workerNames.getOrDefault(worker, worker);
    }

    /** The ids of the targets whose ring changed since the last take, forgotten until {@link #giveBack}. */
    public long[] takeChanged() {
        long[] ids = changed.stream().asLongStream().toArray();
        changed.clear();
        return ids;
    }

    /** Their store write failed: these rings count as changed again. */
    public void giveBack(long[] ids) {
        for (long id : ids) {
            if (rings.containsKey(id)) changed.set(Math.toIntExact(id));
        }
    }

    /** The target's checks at or after {@code since} (null: all kept), newest first, at most {@code limit}. */
    public List<Check> recent(long target, Instant since, int limit) {
        Ring r = rings.get(target);
        return r == null ? List.of() : r.newestFirst(since == null ? Long.MIN_VALUE : since.toEpochMilli(), limit);
    }

    /** Puts back checks kept from before a restart, newest first as {@link #recent} gives them. */
    public void restore(long target, List<Check> newestFirst) {
        int n = Math.min(newestFirst.size(), capacity);
        if (n == 0) {
            return;
        }
        // a start puts back some 30 checks for each of many targets: the ring is found once, and a worker's name
        // is looked up once for a run of its checks; the ring is not marked changed (it is as stored)
        Ring ring = rings.computeIfAbsent(target, t -> new Ring(capacity));
        String raw = null;
        String name = null;
        for (int i = n - 1; i >= 0; i--) {
            Check c = newestFirst.get(i);
            if (c.worker() == null || !c.worker().equals(raw)) {
                raw = c.worker();
                name = shared(raw);
            }
            ring.add(c.at(), name, c.up(), c.latencyMs(), c.error());
        }
        changed.clear(Math.toIntExact(target)); // as stored
    }

    /** A target is gone: so is its ring. */
    public void removed(long target) {
        rings.remove(target);
        changed.clear(Math.toIntExact(target));
    }

    private static final class Ring {
        private final long[] at;
        private final float[] latency;
        private final boolean[] up;
        private final String[] worker;
        private final String[] error;
        private int next;
        private int size;

        Ring(int capacity) {
            at = new long[capacity];
            latency = new float[capacity];
            up = new boolean[capacity];
            worker = new String[capacity];
            error = new String[capacity];
        }

        /** A check: its latency kept as a float (NaN: none), its error only for a failure. */
        synchronized void add(Instant when, String workerName, boolean isUp, Double latencyMs, String err) {
            at[next] = when.toEpochMilli();
            latency[next] = latencyMs == null ? Float.NaN : latencyMs.floatValue();
            up[next] = isUp;
            worker[next] = workerName;
            error[next] = isUp ? null : err;
            next = (next + 1) % at.length;
            size = Math.min(size + 1, at.length);
        }

        synchronized List<Check> newestFirst(long sinceMs, int limit) {
            List<Check> out = new ArrayList<>(Math.min(size, limit));
            for (int i = 0; i < size && out.size() < limit; i++) {
                int k = Math.floorMod(next - 1 - i, at.length);
                if (at[k] < sinceMs) {
                    break;
                }
                out.add(new Check(Instant.ofEpochMilli(at[k]), worker[k], up[k],
                        Float.isNaN(latency[k]) ? null : Math.round(latency[k] * 1000.0) / 1000.0, error[k]));
            }
            return out;
        }
    }
}
