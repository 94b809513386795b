package dogdorm.dealer.heartbeat;

import dogdorm.common.Durations;
import dogdorm.dealer.pending.Pending;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat tokens in memory, with their own lock (pings never wait for the target table or the disk).
 *
 * <p>Pings, edits and sweeps change memory only; the flusher takes what changed ({@link #take}) and stores it in one
 * transaction: a token's new state always together with the transition that caused it, so a restart never records
 * (or announces) one twice. Every state change is decided by {@link HeartbeatState#of} and recorded once, by
 * whichever caller saw it first: a ping (at once), an edit, or {@link #sweep()} (for deadlines passing). Ids of
 * tokens, pings and transitions are given here and never reused.
 */
public final class Heartbeats implements Pending<HeartbeatChanges> {
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    /** What became of a ping. */
    public enum Outcome { RECORDED, IGNORED, UNKNOWN }

    /** What a ping request carried, as received ({@code body} already cut to {@link Ping#MAX_BODY} bytes). */
    public record Received(String method, String source, String userAgent, String body, long bodyBytes,
                           boolean truncated) {
        public static Received of(String method, String source) {
            return new Received(method, source, null, "", 0, false);
        }
    }

    private static final class Entry {
        Heartbeat hb;
        /** Pings not yet stored, oldest first; never more than the store keeps. */
        final ArrayDeque<Ping> unstored = new ArrayDeque<>();
        /** Pings a flush took and is writing: still shown until stored. */
        List<Ping> storing = List.of();
        /** The row changed since the last take. */
        boolean dirty;

        Entry(Heartbeat hb) {
            this.hb = hb;
        }
    }

    private final Clock clock;
    private final Tokens tokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> byToken = new HashMap<>();
    private final TreeMap<Long, Entry> byId = new TreeMap<>();
    /** Transitions not yet stored, oldest first, and those being stored. */
    private List<Transition> unstoredTransitions = new ArrayList<>();
    private List<Transition> storingTransitions = List.of();
    /** Transitions not yet told to the listeners: they are told once the flush that stores them has run. */
    private List<Transition> untold = new ArrayList<>();
    private final Set<Long> deleted = new HashSet<>();
    private long lastId;
    private long lastPingId;
    private long lastTransitionId;
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private volatile Runnable recordedOne = () -> { };
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    public Heartbeats(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.tokens = new Tokens(random);
    }

    /** Takes the stored tokens (their runtime as last flushed) and the ids given so far. Returns how many. */
    public int load(HeartbeatChanges.Stored stored) {
        lock.lock();
        try {
            for (Heartbeat h : stored.tokens()) {
                Entry e = new Entry(h);
                byId.put(h.id(), e);
                byToken.put(h.token(), e);
                lastId = Math.max(lastId, h.id());
            }
            lastId = Math.max(lastId, stored.lastId());
            lastPingId = Math.max(lastPingId, stored.lastPingId());
            lastTransitionId = Math.max(lastTransitionId, stored.lastTransitionId());
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells {@code l} of every transition, once, after the flush that stores it ran (or failed: an alert is not held
     * back by a broken disk), on the flusher's thread: a listener that does slow work hands it to its own executor.
     */
    public void onTransition(Consumer<Transition> l) {
        listeners.add(l);
    }

    /** Told (under the lock: keep it short) each time a transition is recorded: the flusher stores it soon. */
    public void onRecorded(Runnable r) {
        this.recordedOne = r;
    }

    /** The clock's time in whole milliseconds: what the store keeps, so memory and store agree after a restart. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- pings ---------------------------------------------------------------------------------------------

    /**
     * Records a ping in memory. A success makes a new, late or down token up at once; a failure makes it down at
     * once; a start marks a run so its duration is known at its end. A paused token's pings are logged as ignored
     * and change nothing else.
     */
    public Outcome ping(String token, PingKind kind, Received r) {
        if (!Tokens.plausible(token)) {
            unknown.incrementAndGet();
            return Outcome.UNKNOWN;
        }
        Instant now = now();
        boolean wasIgnored;
        lock.lock();
        try {
            Entry e = byToken.get(token);
            if (e == null) {
                unknown.incrementAndGet();
                return Outcome.UNKNOWN;
            }
            Heartbeat h = e.hb;
            wasIgnored = !h.enabled();
            Long runMs = null;
            if (wasIgnored) {
                e.hb = h.ignoredPing();
            } else {
                switch (kind) {
                    case SUCCESS -> {
                        runMs = runTime(h, now);
                        e.hb = h.succeeded(now, r.source(), runMs);
                    }
                    case FAIL -> {
                        runMs = runTime(h, now);
                        e.hb = h.failed(now, runMs);
                    }
                    case START -> e.hb = h.started(now);
                }
            }
            e.unstored.addLast(new Ping(++lastPingId, h.id(), now, kind, wasIgnored, r.method(), r.source(),
                    r.userAgent(), r.body(), r.bodyBytes(), r.truncated(), runMs));
            if (e.unstored.size() > Ping.KEPT) {
                e.unstored.removeFirst(); // the store would drop it at the next flush anyway
            }
            e.dirty = true;
            if (!wasIgnored) {
                settle(e, now, kind, r.source());
            }
        } finally {
            lock.unlock();
        }
        (wasIgnored ? ignored : recorded).incrementAndGet();
        return wasIgnored ? Outcome.IGNORED : Outcome.RECORDED;
    }

    private static Long runTime(Heartbeat h, Instant now) {
        return h.lastStart() == null ? null : Math.max(0, Duration.between(h.lastStart(), now).toMillis());
    }

    // ---- state changes ---------------------------------------------------------------------------------------

    /**
     * Records the token's state if it changed; {@code kind} and {@code source} are the ping that caused it (both
     * null for a sweep or an edit). The reason is worded only when there is a change: most pings change nothing.
     * Under the lock.
     */
    private Transition settle(Entry e, Instant now, PingKind kind, String source) {
        HeartbeatState from = e.hb.recorded();
        HeartbeatState to = HeartbeatState.of(e.hb, now);
        if (from == to) {
            return null;
        }
        e.hb = e.hb.recorded(to, now);
        e.dirty = true;
        String why = kind == PingKind.SUCCESS ? "ping from " + source
                : kind == PingKind.FAIL ? "failure reported from " + source : because(e.hb, from, to);
        Transition t = new Transition(++lastTransitionId, e.hb.id(), from, to, now, why);
        unstoredTransitions.add(t);
        untold.add(t);
        log.info("{}: {} -> {}: {}", e.hb, from, to, why);
        recordedOne.run();
        return t;
    }

    static String because(Heartbeat h, HeartbeatState from, HeartbeatState to) {
        return switch (to) {
            case PAUSED -> "paused";
            case NEW -> from == HeartbeatState.PAUSED ? "resumed (never pinged)" : "no ping yet";
            case UP -> from == HeartbeatState.PAUSED ? "resumed: the next ping is due within "
                    + Durations.format(h.interval()) : "within its interval of " + Durations.format(h.interval());
            case LATE -> "no ping within its interval of " + Durations.format(h.interval());
            case DOWN -> h.failureStands() ? "failure reported" : "no ping within its interval of "
                    + Durations.format(h.interval()) + " + " + Durations.format(h.effectiveGrace()) + " grace";
        };
    }

    /**
     * Records every transition that time has brought about: run every {@code --heartbeat-sweep} (10 s by default),
     * it notices a token not pinged within its interval going late, within interval + grace down. Pings and edits
     * record their own transitions at once; each is recorded once (the derived state is compared with the
     * recorded one), so sweeping twice records nothing new.
     */
    public List<Transition> sweep() {
        Instant now = now();
        List<Transition> out = new ArrayList<>();
        lock.lock();
        try {
            for (Entry e : byId.values()) {
                Transition t = settle(e, now, null, null);
                if (t != null) {
                    out.add(t);
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    // ---- definition changes ----------------------------------------------------------------------------------

    /** Creates a token with a fresh, unique, unguessable token string; stored by the next flush. */
    public Heartbeat create(HeartbeatSpec spec) {
        Heartbeat h;
        lock.lock();
        try {
            h = Heartbeat.create(++lastId, tokens.next(byToken::containsKey), spec, now());
            Entry e = new Entry(h);
            e.dirty = true;
            byId.put(h.id(), e);
            byToken.put(h.token(), e);
        } finally {
            lock.unlock();
        }
        log.info("{} created: every {} (grace {})", h, Durations.format(h.interval()),
                Durations.format(h.effectiveGrace()));
        return h;
    }

    /** Replaces name, description, interval and grace; the new deadline applies at once. Empty for an unknown id. */
    public Optional<Heartbeat> update(long id, HeartbeatSpec spec) {
        return change(id, (h, now) -> h.withSpec(spec), "edited");
    }

    /** Disables a token: it never fires, its pings are ignored. */
    public Optional<Heartbeat> pause(long id) {
        return change(id, (h, now) -> h.paused(), "paused");
    }

    /** Enables a token again; its interval counts from now. */
    public Optional<Heartbeat> resume(long id) {
        return change(id, (h, now) -> h.enabled() ? h : h.resumed(now), "resumed");
    }

    private interface Edit {
        Heartbeat apply(Heartbeat h, Instant now);
    }

    /** Applies an edit to the token in memory and records the transition it causes. */
    private Optional<Heartbeat> change(long id, Edit edit, String what) {
        Heartbeat result;
        lock.lock();
        try {
            Entry e = byId.get(id);
            if (e == null) {
                return Optional.empty();
            }
            Instant now = now();
            e.hb = edit.apply(e.hb, now);
            e.dirty = true;
            settle(e, now, null, null);
            result = e.hb;
        } finally {
            lock.unlock();
        }
        log.info("{} {}", result, what);
        return Optional.of(result);
    }

    /** Deletes a token with its pings and transitions; its ping URL answers 404 from now on. */
    public boolean delete(long id) {
        Entry e;
        lock.lock();
        try {
            e = byId.remove(id);
            if (e == null) {
                return false;
            }
            byToken.remove(e.hb.token());
            unstoredTransitions.removeIf(t -> t.heartbeatId() == id);
            untold.removeIf(t -> t.heartbeatId() == id);
            deleted.add(id);
        } finally {
            lock.unlock();
        }
        log.info("{} deleted", e.hb);
        return true;
    }

    // ---- the flush -------------------------------------------------------------------------------------------

    /** Every changed token, its new pings and transitions, and the deletions since the last take. */
    @Override
    public HeartbeatChanges take() {
        lock.lock();
        try {
            List<Heartbeat> saved = new ArrayList<>();
            List<Ping> pings = new ArrayList<>();
            for (Entry e : byId.values()) {
                if (e.dirty) {
                    saved.add(e.hb);
                    e.dirty = false;
                }
                if (!e.unstored.isEmpty()) {
                    e.storing = new ArrayList<>(e.unstored);
                    pings.addAll(e.storing);
                    e.unstored.clear();
                }
            }
            storingTransitions = unstoredTransitions;
            unstoredTransitions = new ArrayList<>();
            HeartbeatChanges taken = new HeartbeatChanges(saved, deleted, lastId, pings, storingTransitions);
            deleted.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stored(HeartbeatChanges taken) {
        lock.lock();
        try {
            for (Entry e : byId.values()) {
                e.storing = List.of();
            }
            storingTransitions = List.of();
        } finally {
            lock.unlock();
        }
        tell(taken);
    }

    /** The write failed: the rows, pings, transitions and deletions wait for the next flush. */
    @Override
    public void giveBack(HeartbeatChanges taken) {
        lock.lock();
        try {
            for (Heartbeat h : taken.saved()) {
                Entry e = byId.get(h.id());
                if (e != null) {
                    e.dirty = true;
                }
            }
            for (Entry e : byId.values()) {
                for (int i = e.storing.size() - 1; i >= 0; i--) {
                    e.unstored.addFirst(e.storing.get(i));
                }
                while (e.unstored.size() > Ping.KEPT) {
                    e.unstored.removeFirst();
                }
                e.storing = List.of();
            }
            for (Transition t : storingTransitions) {
                if (byId.containsKey(t.heartbeatId())) {
                    unstoredTransitions.add(0, t);
                }
            }
            storingTransitions = List.of();
            deleted.addAll(taken.deleted());
        } finally {
            lock.unlock();
        }
        tell(taken);
    }

    /** Tells the listeners of the transitions a flush took, once, in order. */
    private void tell(HeartbeatChanges taken) {
        List<Transition> now;
        lock.lock();
        try {
            Set<Long> ids = new HashSet<>();
            for (Transition t : taken.transitions()) {
                ids.add(t.id());
            }
            now = new ArrayList<>();
            List<Transition> later = new ArrayList<>();
            for (Transition t : untold) {
                (ids.contains(t.id()) ? now : later).add(t);
            }
            untold = later;
        } finally {
            lock.unlock();
        }
        for (Transition t : now) {
            for (Consumer<Transition> l : listeners) {
                try {
                    l.accept(t);
                } catch (RuntimeException ex) {
                    log.error("a heartbeat transition listener failed on {} -> {} of #{}", t.from(), t.to(),
                            t.heartbeatId(), ex);
                }
            }
        }
    }

    /** Changes not yet stored: tokens with new pings or edits, transitions and deletions. */
    @Override
    public int waiting() {
        lock.lock();
        try {
            int n = unstoredTransitions.size() + deleted.size();
            for (Entry e : byId.values()) {
                if (e.dirty) {
                    n++;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** Every token, by id. */
    public List<Heartbeat> all() {
        lock.lock();
        try {
            List<Heartbeat> out = new ArrayList<>(byId.size());
            for (Entry e : byId.values()) {
                out.add(e.hb);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public Optional<Heartbeat> get(long id) {
        lock.lock();
        try {
            Entry e = byId.get(id);
            return e == null ? Optional.empty() : Optional.of(e.hb);
        } finally {
            lock.unlock();
        }
    }

    /** The state of a token now. */
    public HeartbeatState state(Heartbeat h) {
        return HeartbeatState.of(h, now());
    }

    /** How many tokens are in each state now (every state present, zeros included). */
    public Map<HeartbeatState, Integer> counts() {
        return HeartbeatState.count(all(), now());
    }

    /**
     * A token's pings not yet stored or being stored, newest first. Read these before the stored ones: whatever a
     * flush commits meanwhile is then in the store already (the ids tell the two apart).
     */
    public List<Ping> unstoredPings(long id) {
        lock.lock();
        try {
            Entry e = byId.get(id);
            List<Ping> out = new ArrayList<>();
            if (e != null) {
                for (Iterator<Ping> it = e.unstored.descendingIterator(); it.hasNext(); ) {
                    out.add(it.next());
                }
                for (int i = e.storing.size() - 1; i >= 0; i--) {
                    out.add(e.storing.get(i));
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** A token's transitions not yet stored or being stored, newest first (read them first, as pings). */
    public List<Transition> unstoredTransitions(long id) {
        lock.lock();
        try {
            List<Transition> out = new ArrayList<>();
            for (List<Transition> list : List.of(unstoredTransitions, storingTransitions)) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    if (list.get(i).heartbeatId() == id) {
                        out.add(list.get(i));
                    }
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Pings taken since start: {@code recorded}, {@code ignored} (paused token), {@code unknown} (404). */
    public Map<String, Long> pingCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("recorded", recorded.get());
        out.put("ignored", ignored.get());
        out.put("unknown", unknown.get());
        return out;
    }
}
