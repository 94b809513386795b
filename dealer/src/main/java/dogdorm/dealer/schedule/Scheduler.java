package dogdorm.dealer.schedule;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;

/**
 * Due-time queues and leases. One {@link DueQueue} per (kind, family), so a worker's request looks at the head of
 * at most a dozen queues and never scans the table. A dealt unit leaves its queue until its lease is answered
 * (then it is due one interval after its previous due time) or expires (then it is due at once). Not
 * thread-safe: the dealer's lock guards it. Times are epoch milliseconds from the caller's clock.
 */
public final class Scheduler {
    /**
     * How the scheduler times things. {@code spread}: first checks of new units are spread over this;
     * {@code retry}: how soon a unit is checked again when its last result is in doubt or was a worker fault.
     */
    public record Settings(Duration interval, Duration leaseTimeout, Duration spread, Duration retry) {}

    private static final int EXPIRED_MEMORY = 100_000;

    private final Settings settings;
    private final RandomGenerator random;
    private final DueQueue[] queues = new DueQueue[Kind.values().length * 2];
    private final Map<String, Unit> units = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final PriorityQueue<Lease> byDeadline = new PriorityQueue<>(
            (a, b) -> Long.compare(a.deadline, b.deadline));
    private final Map<String, Boolean> recentlyExpired = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > EXPIRED_MEMORY;
        }
    };
    private final String leasePrefix;
    private long leaseSeq;

    public Scheduler(Settings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new DueQueue();
        }
        // leases from an earlier run of the dealer are recognisably not ours
        this.leasePrefix = Long.toString(random.nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
    }

    private DueQueue queue(Kind kind, int family) {
        return queues[kind.ordinal() * 2 + (family == 6 ? 1 : 0)];
    }

    /**
     * Adds a unit, or updates an existing one's members and interval. A new unit is first due at {@code firstDue}
     * when given (a reload), else at a random moment within the spread (a fresh import).
     */
    public Unit put(String key, Kind kind, int family, long[] members, Duration interval, Long firstDue, long now) {
        return put(key, Task.CHECK, kind, family, members, interval, firstDue, now);
    }

    /** As {@link #put(String, Kind, int, long[], Duration, Long, long)}, for a unit of another task. */
    public Unit put(String key, Task task, Kind kind, int family, long[] members, Duration interval, Long firstDue,
                    long now) {
        long intervalMs = (interval != null ? interval : settings.interval()).toMillis();
        Unit u = units.get(key);
        if (u != null) {
            u.members = members;
            if (u.intervalMs != intervalMs) {
                u.intervalMs = intervalMs;
                if (u.heapIndex >= 0 && u.dueAt > now + intervalMs) {
                    u.dueAt = now + random.nextLong(intervalMs + 1);
                    queue(u.kind, u.family).retimed(u);
                }
            }
            return u;
        }
        u = new Unit(key, task, kind, family, members, intervalMs);
        long spread = Math.min(intervalMs, settings.spread().toMillis());
        u.dueAt = firstDue != null ? firstDue : now + random.nextLong(Math.max(1, spread));
        units.put(key, u);
        queue(kind, family).add(u);
        return u;
    }

    /** Forgets a unit; a lease out for it still accepts results for members that still exist. */
    public void remove(String key) {
        Unit u = units.remove(key);
        if (u != null) {
            queue(u.kind, u.family).remove(u);
            u.removed = true;
        }
    }

    public Unit unit(String key) {
        return units.get(key);
    }

    /** Makes every lease of a unit last at least {@code ms} (its members' own timeouts and a margin). */
    public void minLease(String key, long ms) {
        Unit u = units.get(key);
        if (u != null) {
            u.minLeaseMs = ms;
        }
    }

    /** Brings a queued unit forward (or back) to {@code at}; a leased unit keeps its lease. */
    public void retime(String key, long at) {
        Unit u = units.get(key);
        if (u != null && u.heapIndex >= 0) {
            u.dueAt = at;
            queue(u.kind, u.family).retimed(u);
        }
    }

    /** At most this many due re-checks are held back for other workers in one deal. */
    private static final int MAX_HELD_BACK = 64;

    /**
     * Deals up to {@code max} due units of the given kinds and families to one worker, earliest due first, and
     * leases each until now + the lease timeout.
     */
    public List<Lease> deal(Collection<Kind> kinds, Collection<Integer> families, int max, String worker,
                            String location, long now) {
        return deal(kinds, families, max, worker, location, now, false).leases();
    }

    /**
     * What one deal gave a worker, and when it may ask again with a chance of more ({@link Long#MAX_VALUE}: nothing
     * queued): the next unit's due time, or the end of a hold on a re-check it may not take yet, whichever is first.
     */
    public record Deal(List<Lease> leases, long next) {}

    /**
     * As above; when {@code othersAround} (more than one worker seen lately), the re-check of a unit this worker
     * put in doubt is held back for another worker, for one retry interval after it came due; then anyone may
     * take it.
     */
    public Deal deal(Collection<Kind> kinds, Collection<Integer> families, int max, String worker,
                     String location, long now, boolean othersAround) {
        List<Lease> dealt = new ArrayList<>();
        List<Unit> heldBack = null;
        while (dealt.size() < max) {
            DueQueue best = null;
            for (Kind k : kinds) {
                for (Integer f : families) {
                    DueQueue q = queue(k, f);
                    Unit head = q.peek();
                    if (head != null && head.dueAt <= now && (best == null || head.dueAt < best.peek().dueAt)) {
                        best = q;
                    }
                }
            }
            if (best == null) {
                break;
            }
            Unit u = best.poll();
            if (othersAround && worker.equals(u.recheckAvoid) && now < u.dueAt + settings.retry().toMillis()
                    && (heldBack == null || heldBack.size() < MAX_HELD_BACK)) {
                (heldBack == null ? heldBack = new ArrayList<>() : heldBack).add(u);
                continue;
            }
            dealt.add(lease(u, worker, location, now));
        }
        // with the held-back units out of the queues, their heads are what this worker could take next
        long next = nextDue(kinds, families);
        if (heldBack != null) {
            for (Unit u : heldBack) {
                next = Math.min(next, u.dueAt + settings.retry().toMillis());
                queue(u.kind, u.family).add(u);
            }
        }
        return new Deal(dealt, next);
    }

    private Lease lease(Unit u, String worker, String location, long now) {
        String id = leasePrefix + "-" + Long.toString(++leaseSeq, 36);
        Lease l = new Lease(id, u, worker, location, now + Math.max(settings.leaseTimeout().toMillis(), u.minLeaseMs));
        u.lease = l;
        leases.put(id, l);
        byDeadline.add(l);
        return l;
    }

    /** The live lease with this id, or null. */
    public Lease lease(String id) {
        return leases.get(id);
    }

    /** Why a lease id is not live: "lease expired" when it was ours and timed out, else "unknown lease". */
    public String whyNotLive(String id) {
        return recentlyExpired.containsKey(id) ? "lease expired" : "unknown lease";
    }

    /**
     * Records that one member of a lease has its result. When the last member has one the lease is done and the
     * unit is due again one interval later, or after the retry interval when any member asked to be retried soon
     * (a worker fault, or a result that puts the target's state in doubt). Returns true when the lease finished.
     */
    public boolean answered(Lease l, long target, boolean retrySoon, long now) {
        if (!l.pending.remove(target)) {
            return false;
        }
        l.retrySoon |= retrySoon;
        if (!l.pending.isEmpty()) {
            return false;
        }
        finish(l);
        Unit u = l.unit;
        if (!u.removed) {
            u.recheckAvoid = l.retrySoon ? l.worker() : null;
            if (l.retrySoon) {
                u.dueAt = now + Math.min(settings.retry().toMillis(), u.intervalMs);
            } else {
                long next = u.dueAt + u.intervalMs;
                // more than an interval behind: start a new phase instead of catching up in a burst
                u.dueAt = next > now ? next : now + u.intervalMs;
            }
            queue(u.kind, u.family).add(u);
        }
        return true;
    }

    /** Gives a lease up without an answer (its members went away): the unit, if still there, is due soon. */
    public void cancel(Lease l, long now) {
        if (l.done) {
            return;
        }
        finish(l);
        requeue(l.unit, now + settings.retry().toMillis());
    }

    private void finish(Lease l) {
        l.done = true;
        leases.remove(l.id);
        if (l.unit.lease == l) {
            l.unit.lease = null;
        }
    }

    /** A unit whose lease ended unanswered is due at {@code dueAt}, unless it was removed or is queued already. */
    private void requeue(Unit u, long dueAt) {
        if (!u.removed && u.heapIndex < 0) {
            u.dueAt = dueAt;
            queue(u.kind, u.family).add(u);
        }
    }

    /** Expires every lease past its deadline; their units are due again at once. Returns the expired leases. */
    public List<Lease> expire(long now) {
        List<Lease> out = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.peek().deadline <= now) {
            Lease l = byDeadline.poll();
            if (l.done) {
                continue;
            }
            finish(l);
            recentlyExpired.put(l.id, Boolean.TRUE);
            requeue(l.unit, now);
            out.add(l);
        }
        return out;
    }

    /** The earliest due time among the given kinds and families, or {@link Long#MAX_VALUE} when none is queued. */
    public long nextDue(Collection<Kind> kinds, Collection<Integer> families) {
        long next = Long.MAX_VALUE;
        for (Kind k : kinds) {
            for (Integer f : families) {
                Unit head = queue(k, f).peek();
                if (head != null) {
                    next = Math.min(next, head.dueAt);
                }
            }
        }
        return next;
    }

    public int dueCount(long now) {
        int n = 0;
        for (DueQueue q : queues) {
            n += q.countDue(now);
        }
        return n;
    }

    public int leasedCount() {
        return leases.size();
    }

    public int unitCount() {
        return units.size();
    }
}
