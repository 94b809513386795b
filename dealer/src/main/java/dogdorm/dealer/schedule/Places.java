package dogdorm.dealer.schedule;

import dogdorm.common.Kind;
import dogdorm.common.wire.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The locations workers ask from, and the groups checked from several of them ({@link VantageGroup}): the
 * scheduler's side of voting. Each live location has its own due queues, holding the slots bound to it; a group
 * has one slot per location, bound to the least loaded live locations it has none in yet. A group short of
 * locations gets a slot when a new one comes; a location that has not asked for work for {@link #timeoutMs} hands
 * its slots to live locations the group does not use (O(its slots · log n), once). Guarded by the dealer's lock,
 * through the {@link Scheduler}.
 */
final class Places {
    private final Scheduler.Settings settings;
    private final RandomGenerator random;
    /** The locations workers asked from lately, each with its own queues of the slots bound to it. */
    private final Map<String, Place> places = new HashMap<>();
    private final Map<String, VantageGroup> groups = new HashMap<>();
    /** Groups with fewer slots than their K: a new location gives them one. */
    private final Set<VantageGroup> shortOfPlaces = new LinkedHashSet<>();

    /** One location: its queues and the slots bound to it. */
    static final class Place {
        final String name;
        final QueueSet queues = new QueueSet();
        final Set<Unit> slots = new HashSet<>();
        long lastSeen;

        Place(String name) {
            this.name = name;
        }

        DueQueue queue(Kind kind, int family) {
            return queues.get(kind, family);
        }
    }

    Places(Scheduler.Settings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
    }

    /** A live location, or null. */
    Place get(String location) {
        return location == null ? null : places.get(location);
    }

    Collection<Place> all() {
        return places.values();
    }

    int groupCount() {
        return groups.size();
    }

    /** How long a location may go without asking for work before its slots move elsewhere. */
    long timeoutMs() {
        return Math.max(120_000, settings.leaseTimeout().toMillis());
    }

    /** A group's earliest queued slot (its next due time as pages show it), or null (no group, or no slot yet). */
    Unit earliest(String key) {
        VantageGroup g = groups.get(key);
        return g == null ? null : g.earliest();
    }

    /** Forgets a group; its slots' leases out still take results. */
    void remove(String key) {
        remove(groups.remove(key));
    }

    void minLease(String key, long ms) {
        VantageGroup g = groups.get(key);
        if (g != null) {
            g.minLeaseMs = ms;
            for (Unit s : g.slots) {
                s.minLeaseMs = ms;
            }
        }
    }

    void retime(String key, long at) {
        VantageGroup g = groups.get(key);
        if (g != null) {
            g.firstDue = at;
            for (Unit s : g.slots) {
                if (s.heapIndex >= 0) {
                    s.dueAt = at;
                    places.get(s.location).queue(s.kind, s.family).retimed(s);
                }
            }
        }
    }

    Unit put(String key, Task task, Kind kind, int family, long[] members, long intervalMs,
                          Long firstDue, long now, int k) {
        VantageGroup g = groups.get(key);
        if (g == null) {
            long spread = Math.min(intervalMs, settings.spread().toMillis());
            g = new VantageGroup(key, task, kind, family, members, intervalMs, k,
                    firstDue != null ? firstDue : now + random.nextLong(Math.max(1, spread)));
            groups.put(key, g);
        } else {
            g.members = members;
            g.intervalMs = intervalMs;
            for (Unit s : g.slots) {
                s.members = members;
                if (s.intervalMs != intervalMs) {
                    s.intervalMs = intervalMs;
                    if (s.heapIndex >= 0 && s.dueAt > now + intervalMs) {
                        s.dueAt = now + random.nextLong(intervalMs + 1);
                        places.get(s.location).queue(s.kind, s.family).retimed(s);
                    }
                }
            }
            g.k = k;
            while (g.slots.size() > k) {
                unbind(g.slots.get(g.slots.size() - 1));
            }
        }
        bind(g, now);
        return g.earliest();
    }

    /**
     * Gives a group slots in live locations it has none in, the least loaded first, until it has K; a group left
     * short waits for a new location. A new slot is due with its siblings (one round), or within the spread.
     */
    private void bind(VantageGroup g, long now) {
        while (g.short_()) {
            Place best = null;
            for (Place p : places.values()) {
                if (!g.boundTo(p.name) && (best == null || p.slots.size() < best.slots.size()
                        || p.slots.size() == best.slots.size() && p.name.compareTo(best.name) < 0)) {
                    best = p;
                }
            }
            if (best == null) {
                shortOfPlaces.add(g);
                return;
            }
            Unit s = new Unit(g.key + "@" + best.name, g.task, g.kind, g.family, g.members, g.intervalMs, best.name, g);
            s.minLeaseMs = g.minLeaseMs;
            Unit sibling = g.earliest();
            long spread = Math.min(g.intervalMs, settings.spread().toMillis());
            s.dueAt = sibling != null ? sibling.dueAt : g.firstDue > now - g.intervalMs ? g.firstDue
                    : now + random.nextLong(Math.max(1, spread));
            g.slots.add(s);
            best.slots.add(s);
            best.queue(g.kind, g.family).add(s);
        }
        shortOfPlaces.remove(g);
    }

    /** Takes a slot from its group and location; a lease out for it still takes results. */
    private void unbind(Unit s) {
        Place p = places.get(s.location);
        if (p != null) {
            p.queue(s.kind, s.family).remove(s);
            p.slots.remove(s);
        }
        s.group.slots.remove(s);
        s.removed = true;
    }

    private void remove(VantageGroup g) {
        if (g == null) {
            return;
        }
        for (Unit s : List.copyOf(g.slots)) {
            unbind(s);
        }
        shortOfPlaces.remove(g);
    }

    /**
     * A worker of {@code location} asked for work at {@code now}: a location not seen before (or gone and back)
     * becomes live, and groups short of locations get a slot in it.
     */
    void seen(String location, long now) {
        Place p = places.get(location);
        if (p != null) {
            p.lastSeen = now;
            return;
        }
        p = new Place(location);
        p.lastSeen = now;
        places.put(location, p);
        for (VantageGroup g : List.copyOf(shortOfPlaces)) {
            bind(g, now);
        }
    }

    /** Locations silent for longer than {@link #timeoutMs}: their slots move to live locations. */
    void expire(long now) {
        List<Place> gone = new ArrayList<>();
        for (Place p : places.values()) {
            if (p.lastSeen < now - timeoutMs()) {
                gone.add(p);
            }
        }
        for (Place p : gone) {
            Set<VantageGroup> moved = new LinkedHashSet<>();
            for (Unit s : List.copyOf(p.slots)) {
                moved.add(s.group);
                unbind(s);
            }
            places.remove(p.name);
            for (VantageGroup g : moved) {
                bind(g, now);
            }
        }
    }

    /** Where a group is checked from now, or null when {@code key} is not a group. */
    Scheduler.Vantage vantage(String key) {
        VantageGroup g = groups.get(key);
        if (g == null) {
            return null;
        }
        return new Scheduler.Vantage(g.k, g.slots.stream().map(s -> s.location).sorted().toList());
    }

    /** The live locations, by name. */
    List<String> names() {
        return places.keySet().stream().sorted().toList();
    }
}
