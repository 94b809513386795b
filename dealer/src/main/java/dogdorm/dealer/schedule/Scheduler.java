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
 *
 * <p>A group checked from K locations ({@link VantageGroup}) has one slot per location, bound to it, in that
 * location's own queues: a worker looks at the heads of the shared queues and of its location's, and takes the
 * earliest, O(log n) per lease whatever K is; a slot is never dealt to another location, so no round gives one
 * location two leases of a group. {@link Places} binds slots to locations and moves them as locations come and go.
 */
public final class Scheduler {
    /**
     * How the scheduler times things. {@code spread}: first checks of new units are spread over this;
     * {@code retry}: how soon a unit is checked again when its last result is in doubt or was a worker fault.
     */
    public record Settings(Duration interval, Duration leaseTimeout, Duration spread, Duration retry) {}

    /** How many ended leases are remembered to say why a late result is refused (some 10 MB at most). */
    private static final int ENDED_MEMORY = 100_000;

    private final Settings settings;
    private final RandomGenerator random;
    private final QueueSet queues = new QueueSet();
    private final Map<String, Unit> units = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final PriorityQueue<Lease> byDeadline = new PriorityQueue<>(
            (a, b) -> Long.compare(a.deadline, b.deadline));
    /** Leases that ended lately, by base id, and how: "lease expired", "lease already answered". */
    private final Map<String, String> recentlyEnded = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > ENDED_MEMORY;
        }
    };
    private final String leasePrefix;
    private long leaseSeq;
    private final LeaseSigner signer;
    private final Places places;

    public Scheduler(Settings settings, RandomGenerator random) {
        this(settings, random, new LeaseSigner(randomKey()));
    }

    /** A key for a dealer without a data folder (tests, benchmarks): its leases die with it anyway. */
    private static byte[] randomKey() {
        byte[] key = new byte[LeaseSigner.KEY_BYTES];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    public Scheduler(Settings settings, RandomGenerator random, LeaseSigner signer) {
        this.signer = signer;
        this.settings = settings;
        this.random = random;
        this.places = new Places(settings, random);
        // leases from an earlier run of the dealer are recognisably not ours
        this.leasePrefix = Long.toString(random.nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
    }

    private DueQueue queue(Kind kind, int family) {
        return queues.get(kind, family);
    }

    /** The queue a unit belongs in: its location's for a slot, the shared one otherwise. */
    private DueQueue queueOf(Unit u) {
        return u.location == null ? queue(u.kind, u.family) : places.get(u.location).queue(u.kind, u.family);
    }

    /** How long a location may go without asking for work before its slots move elsewhere. */
    long placeTimeoutMs() {
        return places.timeoutMs();
    }

    /**
     * A worker of {@code location} asked for work at {@code now}: a location not seen before (or gone and back)
     * becomes live, and groups short of locations get a slot in it.
     */
    public void placeSeen(String location, long now) {
        places.seen(location, now);
    }

    /** Where a group checked from several locations is checked from now, or null for an ordinary unit. */
    public record Vantage(int k, List<String> locations) {
        /** Fewer live locations than asked for. */
        public boolean degraded() {
            return locations.size() < k;
        }
    }

    public Vantage vantage(String key) {
        return places.vantage(key);
    }

    /** The live locations, by name. */
    public List<String> places() {
        return places.names();
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
        return put(key, task, kind, family, members, interval, firstDue, now, 1);
    }

    /**
     * As above, checked from {@code vantage} distinct locations each round: 1 is an ordinary unit any worker takes;
     * more make a {@link VantageGroup}, one slot per live location up to that many. Returns the unit, or the group's
     * earliest slot (null while no location is live).
     */
    public Unit put(String key, Task task, Kind kind, int family, long[] members, Duration interval, Long firstDue,
                    long now, int vantage) {
        long intervalMs = (interval != null ? interval : settings.interval()).toMillis();
        if (vantage > 1) {
            remove(units.get(key));
            return places.put(key, task, kind, family, members, intervalMs, firstDue, now, vantage);
        }
        places.remove(key);
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



    /** Forgets a unit or group; a lease out for it still accepts results for members that still exist. */
    public void remove(String key) {
        remove(units.remove(key));
        places.remove(key);
    }

    private void remove(Unit u) {
        if (u != null) {
            units.remove(u.key);
            queue(u.kind, u.family).remove(u);
            u.removed = true;
        }
    }

    /** The unit, or a group's earliest slot; null when neither is there (or no location is live yet). */
    public Unit unit(String key) {
        Unit u = units.get(key);
        return u != null ? u : places.earliest(key);
    }

    /** Makes every lease of a unit last at least {@code ms} (its members' own timeouts and a margin). */
    public void minLease(String key, long ms) {
        Unit u = units.get(key);
        if (u != null) {
            u.minLeaseMs = ms;
        }
        places.minLease(key, ms);
    }

    /** Brings a queued unit (or every queued slot of a group) forward or back to {@code at}; leases stay. */
    public void retime(String key, long at) {
        Unit u = units.get(key);
        if (u != null && u.heapIndex >= 0) {
            u.dueAt = at;
            queue(u.kind, u.family).retimed(u);
        }
        places.retime(key, at);
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
        Places.Place place = places.get(location);
        while (dealt.size() < max) {
            DueQueue best = null;
            for (Kind k : kinds) {
                for (Integer f : families) {
                    best = earlier(best, queue(k, f), now);
                    if (place != null) {
                        best = earlier(best, place.queue(k, f), now);
                    }
                }
            }
            if (best == null) {
                break;
            }
            Unit u = best.poll();
            // a slot's re-check stays in its location: the other locations' votes are the second opinion
            if (u.location == null && othersAround && worker.equals(u.recheckAvoid)
                    && now < u.dueAt + settings.retry().toMillis()
                    && (heldBack == null || heldBack.size() < MAX_HELD_BACK)) {
                (heldBack == null ? heldBack = new ArrayList<>() : heldBack).add(u);
                continue;
            }
            dealt.add(lease(u, worker, location, now));
        }
        // with the held-back units out of the queues, their heads are what this worker could take next
        long next = nextDue(kinds, families, place);
        if (heldBack != null) {
            for (Unit u : heldBack) {
                next = Math.min(next, u.dueAt + settings.retry().toMillis());
                queue(u.kind, u.family).add(u);
            }
        }
        return new Deal(dealt, next);
    }

    /** Whichever of {@code best} and {@code q} has the earlier due head, when {@code q}'s is due by now. */
    private static DueQueue earlier(DueQueue best, DueQueue q, long now) {
        Unit head = q.peek();
        return head != null && head.dueAt <= now && (best == null || head.dueAt < best.peek().dueAt) ? q : best;
    }

    private Lease lease(Unit u, String worker, String location, long now) {
        String base = leasePrefix + "-" + Long.toString(++leaseSeq, 36);
        Lease l = new Lease(signer.sign(base, worker), base, u, worker, location,
                now + Math.max(settings.leaseTimeout().toMillis(), u.minLeaseMs));
        u.lease = l;
        leases.put(base, l);
        byDeadline.add(l);
        return l;
    }

    /** The live lease with this id (as dealt, signature and all), or null. */
    public Lease lease(String id) {
        Lease l = leases.get(base(id));
        return l != null && l.id.equals(id) ? l : null;
    }

    /**
     * Checks a lease id a worker sent against this dealer's signature for that worker, before anything is looked
     * up: made-up or altered ids, and another worker's, are told apart.
     */
    public LeaseSigner.Checked checkSignature(String id, String worker) {
        return signer.check(id, worker, base -> {
            Lease l = leases.get(base);
            return l == null ? null : l.worker;
        });
    }

    /**
     * Why a signed lease id is not live: "lease expired" when it timed out, "lease already answered" when every
     * target of it had its result (a worker that sent a batch twice), "lease from before the dealer restarted" when
     * an earlier run of it dealt it, else "unknown lease" (one ended too long ago to be remembered).
     */
    public String whyNotLive(String id) {
        String base = base(id);
        String ended = recentlyEnded.get(base);
        return ended != null ? ended
                : !base.startsWith(leasePrefix + "-") ? "lease from before the dealer restarted" : "unknown lease";
    }

    private static String base(String id) {
        int dot = id == null ? -1 : id.lastIndexOf('.');
        return dot < 0 ? String.valueOf(id) : id.substring(0, dot);
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
        recentlyEnded.put(l.base, "lease already answered");
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
            queueOf(u).add(u);
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
        leases.remove(l.base);
        if (l.unit.lease == l) {
            l.unit.lease = null;
        }
    }

    /** A unit whose lease ended unanswered is due at {@code dueAt}, unless it was removed or is queued already. */
    private void requeue(Unit u, long dueAt) {
        if (!u.removed && u.heapIndex < 0) {
            u.dueAt = dueAt;
            queueOf(u).add(u);
        }
    }

    /** Expires every lease past its deadline; their units are due again at once. Returns the expired leases. */
    public List<Lease> expire(long now) {
        places.expire(now);
        List<Lease> out = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.peek().deadline <= now) {
            Lease l = byDeadline.poll();
            if (l.done) {
                continue;
            }
            finish(l);
            recentlyEnded.put(l.base, "lease expired");
            requeue(l.unit, now);
            out.add(l);
        }
        return out;
    }

    /** The earliest due time among the given kinds and families, or {@link Long#MAX_VALUE} when none is queued. */
    public long nextDue(Collection<Kind> kinds, Collection<Integer> families) {
        long next = queues.nextDue(kinds, families);
        for (Places.Place p : places.all()) {
            next = Math.min(next, p.queues.nextDue(kinds, families));
        }
        return next;
    }

    /** The earliest due time in the shared queues and {@code place}'s (when not null). */
    private long nextDue(Collection<Kind> kinds, Collection<Integer> families, Places.Place place) {
        long shared = queues.nextDue(kinds, families);
        return place == null ? shared : Math.min(shared, place.queues.nextDue(kinds, families));
    }

    public int dueCount(long now) {
        int n = queues.countDue(now);
        for (Places.Place p : places.all()) {
            n += p.queues.countDue(now);
        }
        return n;
    }

    public int leasedCount() {
        return leases.size();
    }

    /** Ordinary units and groups checked from several locations. */
    public int unitCount() {
        return units.size() + places.groupCount();
    }
}
