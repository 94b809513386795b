package dogdorm.dealer.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The in-memory table of targets: the one mutable map, with its key and group indexes and the set of rows changed
 * since the last flush. Not thread-safe: the dealer's lock guards it.
 */
public final class TargetTable {
    private final Map<Long, Target> byId = new HashMap<>();
    private final Map<TargetKey, Target> byKey = new HashMap<>();
    /** Members of named groups only: a target without a group is its own group and needs no entry. */
    private final Map<String, Set<Long>> groups = new HashMap<>();
    /** Host names by address, counted over the targets that have both: the names a target's page shows. */
    private final Map<String, Map<String, Integer>> hostsByIp = new HashMap<>();
    private Set<Long> specChanged = new HashSet<>();
    private Set<Long> statsChanged = new HashSet<>();
    private Set<Long> deleted = new HashSet<>();
    /** Targets added, changed or removed since the dealer last told its readers (removed ones with their row). */
    private final Set<Long> touched = new LinkedHashSet<>();
    private final Map<Long, Target> removedUntold = new HashMap<>();
    private long lastId;

    /** Puts a target loaded from the store; it is not marked changed. */
    public Target load(long id, TargetSpec spec, Stats stats) {
        Target t = new Target(id, spec, stats);
        index(t);
        lastId = Math.max(lastId, id);
        touched.add(id);
        return t;
    }

    /** Adds a new target with a fresh id, or returns null when one with the same key exists. */
    public Target add(TargetSpec spec) {
        if (byKey.containsKey(TargetKey.of(spec))) {
            return null;
        }
        Target t = new Target(++lastId, spec, new Stats());
        index(t);
        specChanged.add(t.id());
        statsChanged.add(t.id());
        touched.add(t.id());
        return t;
    }

    private void index(Target t) {
        byId.put(t.id(), t);
        byKey.put(TargetKey.of(t.spec()), t);
        if (t.spec().group() != null) {
            groups.computeIfAbsent(t.spec().group(), g -> new LinkedHashSet<>()).add(t.id());
        }
        countHost(t.spec(), 1);
    }

    private void countHost(TargetSpec s, int delta) {
        if (s.ip() == null || s.host() == null) {
            return;
        }
        Map<String, Integer> hosts = hostsByIp.computeIfAbsent(s.ip(), ip -> new HashMap<>());
        if (hosts.merge(s.host(), delta, Integer::sum) <= 0) {
            hosts.remove(s.host());
            if (hosts.isEmpty()) {
                hostsByIp.remove(s.ip());
            }
        }
    }

    /** Each address that has named targets, with their host names (read-only, for one pass under the lock). */
    public void forEachHostsAt(BiConsumer<String, Set<String>> action) {
        hostsByIp.forEach((ip, hosts) -> action.accept(ip, Collections.unmodifiableSet(hosts.keySet())));
    }

    /** The host names of the targets at an address (several kinds or ports may share one). */
    public Set<String> hostsAt(String ip) {
        Map<String, Integer> hosts = hostsByIp.get(ip);
        return hosts == null ? Set.of() : Collections.unmodifiableSet(hosts.keySet());
    }

    public Target get(long id) {
        return byId.get(id);
    }

    public Target get(TargetKey key) {
        return byKey.get(key);
    }

    /** Replaces a target's spec (same key); marks it changed. */
    public void update(Target t, TargetSpec spec) {
        if (!TargetKey.of(spec).equals(TargetKey.of(t.spec()))) {
            throw new IllegalArgumentException("a spec update may not change the key of " + t);
        }
        String oldGroup = t.spec().group();
        countHost(t.spec(), -1);
        countHost(spec, 1);
        t.spec(spec);
        if (!Objects.equals(oldGroup, spec.group())) {
            if (oldGroup != null) {
                removeFromGroup(oldGroup, t.id());
            }
            if (spec.group() != null) {
                groups.computeIfAbsent(spec.group(), g -> new LinkedHashSet<>()).add(t.id());
            }
        }
        specChanged.add(t.id());
        touched.add(t.id());
    }

    /**
     * Gives a target a new key (its address or kind edited in the UI): the same id, stats and history under the new
     * key, which must be free; a member of a named group keeps its group. Marks it changed.
     */
    public void rekey(Target t, TargetSpec spec) {
        TargetKey to = TargetKey.of(spec);
        Target holder = byKey.get(to);
        if (holder != null && holder != t) {
            throw new IllegalArgumentException(to + " is taken by " + holder);
        }
        if (!Objects.equals(t.spec().group(), spec.group())) {
            throw new IllegalArgumentException("a new key may not change the group of " + t);
        }
        byKey.remove(TargetKey.of(t.spec()));
        countHost(t.spec(), -1);
        t.spec(spec);
        t.detail(Map.of()); // what the last probe said was about the old address
        byKey.put(to, t);
        countHost(spec, 1);
        specChanged.add(t.id());
        touched.add(t.id());
    }

    public Target remove(long id) {
        Target t = byId.remove(id);
        if (t != null) {
            byKey.remove(TargetKey.of(t.spec()));
            countHost(t.spec(), -1);
            if (t.spec().group() != null) {
                removeFromGroup(t.spec().group(), id);
            }
            specChanged.remove(id);
            statsChanged.remove(id);
            deleted.add(id);
            touched.add(id);
            removedUntold.put(id, t);
        }
        return t;
    }

    private void removeFromGroup(String group, long id) {
        Set<Long> members = groups.get(group);
        if (members != null) {
            members.remove(id);
            if (members.isEmpty()) {
                groups.remove(group);
            }
        }
    }

    /** The ids of a group's members, in the order they were added ({@link Target#groupKey()}). */
    public Set<Long> group(String key) {
        if (key.startsWith(Target.OWN_GROUP)) {
            long id = Long.parseLong(key, Target.OWN_GROUP.length(), key.length(), 10);
            return byId.containsKey(id) ? Set.of(id) : Set.of();
        }
        Set<Long> g = groups.get(key);
        return g == null ? Set.of() : Collections.unmodifiableSet(g);
    }

    /** Whether a target's spec has not been written to the store yet (a new or edited target). */
    public boolean specUnwritten(long id) {
        return specChanged.contains(id);
    }

    /** Notes that a target's spec was written outside a flush. */
    public void specWritten(long id) {
        specChanged.remove(id);
    }

    /** Notes that a target's stats changed (a result came in). */
    public void markChanged(long id) {
        if (byId.containsKey(id)) {
            statsChanged.add(id);
            touched.add(id);
        }
    }

    /** What changed since the last call, for the dealer's readers: the targets there now, and those removed. */
    public Touched takeTouched() {
        if (touched.isEmpty()) {
            return Touched.NONE;
        }
        List<Target> present = new ArrayList<>();
        List<Target> removed = new ArrayList<>();
        for (Long id : touched) {
            Target t = byId.get(id);
            if (t != null) {
                present.add(t);
            } else if (removedUntold.containsKey(id)) {
                removed.add(removedUntold.get(id));
            }
        }
        touched.clear();
        removedUntold.clear();
        return new Touched(present, removed);
    }

    /** Targets changed since readers were last told, and targets removed meanwhile (as they were). */
    public record Touched(List<Target> present, List<Target> removed) {
        static final Touched NONE = new Touched(List.of(), List.of());

        public boolean isEmpty() {
            return present.isEmpty() && removed.isEmpty();
        }
    }

    /** Takes the ids changed and deleted since the last call; the caller writes them or gives them back. */
    public Changes takeChanges() {
        Changes c = new Changes(specChanged, statsChanged, deleted);
        specChanged = new HashSet<>();
        statsChanged = new HashSet<>();
        deleted = new HashSet<>();
        return c;
    }

    /** Gives back changes a failed flush could not write, so the next flush writes them. */
    public void giveBack(Changes c) {
        for (Long id : c.specs()) {
            if (byId.containsKey(id)) specChanged.add(id);
        }
        for (Long id : c.stats()) {
            if (byId.containsKey(id)) statsChanged.add(id);
        }
        for (Long id : c.deleted()) {
            if (!byId.containsKey(id)) deleted.add(id);
        }
    }

    /** Rows waiting for the flush (a target whose spec and stats both changed counts once per set: cheap). */
    public int changedCount() {
        return Math.max(specChanged.size(), statsChanged.size()) + deleted.size();
    }

    public Collection<Target> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public List<Target> list() {
        return new ArrayList<>(byId.values());
    }

    public int size() {
        return byId.size();
    }

    /** Remembers the highest id ever given out, so ids of deleted targets are never reused. */
    public void noteLastId(long id) {
        lastId = Math.max(lastId, id);
    }

    public long lastId() {
        return lastId;
    }

    /** Ids whose spec changed, whose stats changed, and that were deleted since the last flush. */
    public record Changes(Set<Long> specs, Set<Long> stats, Set<Long> deleted) {

        /** Every id with a row to write (spec or stats). */
        public Set<Long> changed() {
            Set<Long> all = new HashSet<>(specs);
            all.addAll(stats);
            return all;
        }
    }
}
