package dogdorm.dealer.heartbeat;

import dogdorm.common.Durations;
import dogdorm.dealer.store.HeartbeatStore;
import dogdorm.dealer.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat tokens in memory, with their own lock (pings never wait for the dealer's table).
 *
 * <p>A ping changes memory only: the token's last ping, its ping log and, when its state changes, a
 * {@link Transition}; {@link #flush()} writes them in one transaction every flush interval. A change of a token's
 * definition (create, edit, pause, resume, delete) is written to the store before it is applied and answered.
 * Every state change is decided by {@link HeartbeatState#of} and recorded once, by whichever caller saw it first:
 * a ping (at once), an edit, or {@link #sweep()} (for deadlines passing).
 *
 * <p>Two locks: {@code lock} guards memory and is held for microseconds; {@code storeLock} serializes everything
 * that writes to the store (definition changes and flushes), so a flush never writes pings of a token being
 * deleted, and a ping never waits for the disk.
 */
public final class Heartbeats {
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

    /** The outcome of one flush of pings and transitions. */
    public record Flushed(boolean ok, int rows, String error) {}

    private static final class Entry {
        Heartbeat hb;
        /** Pings not yet flushed, oldest first; never more than the store keeps. */
        final ArrayDeque<Ping> unflushed = new ArrayDeque<>();
        /** Runtime fields changed since the last flush. */
        boolean dirty;

        Entry(Heartbeat hb) {
            this.hb = hb;
        }
    }

    private final HeartbeatStore store;
    private final Clock clock;
    private final Tokens tokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock storeLock = new ReentrantLock();
    private final Map<String, Entry> byToken = new HashMap<>();
    private final TreeMap<Long, Entry> byId = new TreeMap<>();
    /** Transitions not yet flushed, oldest first. */
    private final List<Transition> pendingTransitions = new ArrayList<>();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    public Heartbeats(HeartbeatStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.tokens = new Tokens(random);
    }

    /** Loads the stored tokens (their runtime as last flushed). Returns how many. */
    public int load() throws StoreException {
        List<Heartbeat> stored = store.loadHeartbeats();
        lock.lock();
        try {
            for (Heartbeat h : stored) {
                Entry e = new Entry(h);
                byId.put(h.id(), e);
                byToken.put(h.token(), e);
            }
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tells {@code l} of every transition, once, after it was recorded in memory: for notifications. Called outside
     * the heartbeat lock, on the thread that caused the change (a ping request, an admin request or the sweeper):
     * a listener that does slow work (a webhook) should hand it to its own executor.
     */
    public void onTransition(Consumer<Transition> l) {
        listeners.add(l);
    }

    /** The clock's time in whole milliseconds: what the store keeps, so memory and store agree after a restart. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- pings ---------------------------------------------------------------------------------------------

    /**
     * Records a ping: memory only, no store write. A success makes a new, late or down token up at once; a failure
     * makes it down at once; a start marks a run so its duration is known at its end. A paused token's pings are
     * logged as ignored and change nothing else.
     */
    public Outcome ping(String token, PingKind kind, Received r) {
        if (!Tokens.plausible(token)) {
            unknown.incrementAndGet();
            return Outcome.UNKNOWN;
        }
        Instant now = now();
        Transition t = null;
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
            e.unflushed.addLast(new Ping(h.id(), now, kind, wasIgnored, r.method(), r.source(), r.userAgent(),
                    r.body(), r.bodyBytes(), r.truncated(), runMs));
            if (e.unflushed.size() > Ping.KEPT) {
                e.unflushed.removeFirst(); // the store would drop it at the next flush anyway
            }
            e.dirty = true;
            if (!wasIgnored) {
                t = settle(e, now, kind, r.source());
            }
        } finally {
            lock.unlock();
        }
        (wasIgnored ? ignored : recorded).incrementAndGet();
        publish(t);
        return wasIgnored ? Outcome.IGNORED : Outcome.RECORDED;
    }

    private static Long runTime(Heartbeat h, Instant now) {
        return h.lastStart() == null ? null : Math.max(0, Duration.between(h.lastStart(), now).toMillis());
    }

    // ---- state changes ---------------------------------------------------------------------------------------

    /**
     * Records a transition if the token's derived state differs from its recorded one. Under the lock. A null
     * {@code why} is filled in from the token's fields.
     */
    /**
     * Records the token's state if it changed; {@code kind} and {@code source} are the ping that caused it (both
     * null for a sweep or an edit). The reason is worded only when there is a change: most pings change nothing.
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
        Transition t = new Transition(e.hb.id(), from, to, now, why);
        pendingTransitions.add(t);
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
        out.forEach(this::publish);
        return out;
    }

    private void publish(Transition t) {
        if (t == null) {
            return;
        }
        Heartbeat h = get(t.heartbeatId()).orElse(null);
        log.info("{}: {} -> {}: {}", h != null ? h : "heartbeat #" + t.heartbeatId(), t.from(), t.to(), t.reason());
        for (Consumer<Transition> l : listeners) {
            try {
                l.accept(t);
            } catch (RuntimeException ex) {
                log.error("a heartbeat transition listener failed on {} -> {} of #{}", t.from(), t.to(),
                        t.heartbeatId(), ex);
            }
        }
    }

    // ---- definition changes (written through) ----------------------------------------------------------------

    /** Creates a token (stored before this returns) with a fresh, unique, unguessable token string. */
    public Heartbeat create(HeartbeatSpec spec) throws StoreException {
        storeLock.lock();
        try {
            Instant now = now();
            String token;
            lock.lock();
            try {
                token = tokens.next(byToken::containsKey);
            } finally {
                lock.unlock();
            }
            Heartbeat draft = Heartbeat.create(0, token, spec, now);
            Heartbeat h = draft.withId(store.insertHeartbeat(draft));
            lock.lock();
            try {
                Entry e = new Entry(h);
                byId.put(h.id(), e);
                byToken.put(h.token(), e);
            } finally {
                lock.unlock();
            }
            log.info("{} created: every {} (grace {})", h, Durations.format(h.interval()),
                    Durations.format(h.effectiveGrace()));
            return h;
        } finally {
            storeLock.unlock();
        }
    }

    /** Replaces name, description, interval and grace; the new deadline applies at once. Empty for an unknown id. */
    public Optional<Heartbeat> update(long id, HeartbeatSpec spec) throws StoreException {
        return change(id, (h, now) -> h.withSpec(spec), "edited");
    }

    /** Disables a token: it never fires, its pings are ignored. */
    public Optional<Heartbeat> pause(long id) throws StoreException {
        return change(id, (h, now) -> h.paused(), "paused");
    }

    /** Enables a token again; its interval counts from now. */
    public Optional<Heartbeat> resume(long id) throws StoreException {
        return change(id, (h, now) -> h.enabled() ? h : h.resumed(now), "resumed");
    }

    private interface Edit {
        Heartbeat apply(Heartbeat h, Instant now);
    }

    /**
     * Writes the edited definition, then applies the same edit to the token in memory (whose runtime fields pings
     * may have changed meanwhile) and records the transition it causes.
     */
    private Optional<Heartbeat> change(long id, Edit edit, String what) throws StoreException {
        Transition t;
        Heartbeat result;
        storeLock.lock();
        try {
            Instant now = now();
            Heartbeat current = get(id).orElse(null);
            if (current == null) {
                return Optional.empty();
            }
            store.updateHeartbeat(edit.apply(current, now));
            lock.lock();
            try {
                Entry e = byId.get(id); // still there: deletes hold the store lock too
                e.hb = edit.apply(e.hb, now);
                t = settle(e, now, null, null);
                result = e.hb;
            } finally {
                lock.unlock();
            }
        } finally {
            storeLock.unlock();
        }
        log.info("{} {}", result, what);
        publish(t);
        return Optional.of(result);
    }

    /** Deletes a token with its pings and transitions; its ping URL answers 404 from now on. */
    public boolean delete(long id) throws StoreException {
        storeLock.lock();
        try {
            if (get(id).isEmpty()) {
                return false;
            }
            store.deleteHeartbeat(id);
            Entry e;
            lock.lock();
            try {
                e = byId.remove(id);
                byToken.remove(e.hb.token());
                pendingTransitions.removeIf(t -> t.heartbeatId() == id);
            } finally {
                lock.unlock();
            }
            log.info("{} deleted", e.hb);
            return true;
        } finally {
            storeLock.unlock();
        }
    }

    // ---- the flush -------------------------------------------------------------------------------------------

    /**
     * Writes what pings and transitions changed since the last flush, in one transaction. On failure everything is
     * kept for the next flush (the ping log of a token still at most its last {@value Ping#KEPT}).
     */
    public Flushed flush() {
        storeLock.lock();
        try {
            List<Heartbeat> runtime = new ArrayList<>();
            List<Ping> pings = new ArrayList<>();
            List<Transition> transitions;
            lock.lock();
            try {
                for (Entry e : byId.values()) {
                    if (e.dirty) {
                        runtime.add(e.hb);
                        pings.addAll(e.unflushed);
                        e.unflushed.clear();
                        e.dirty = false;
                    }
                }
                transitions = new ArrayList<>(pendingTransitions);
                pendingTransitions.clear();
            } finally {
                lock.unlock();
            }
            HeartbeatStore.HeartbeatBatch batch = new HeartbeatStore.HeartbeatBatch(runtime, pings, transitions);
            if (batch.isEmpty()) {
                return new Flushed(true, 0, null);
            }
            try {
                store.writeHeartbeats(batch);
                return new Flushed(true, batch.size(), null);
            } catch (StoreException ex) {
                giveBack(runtime, pings, transitions);
                log.error("heartbeat flush failed, keeping {} changes for the next try: {}", batch.size(),
                        ex.getMessage());
                return new Flushed(false, 0, ex.getMessage());
            }
        } finally {
            storeLock.unlock();
        }
    }

    private void giveBack(List<Heartbeat> runtime, List<Ping> pings, List<Transition> transitions) {
        lock.lock();
        try {
            for (Heartbeat h : runtime) {
                Entry e = byId.get(h.id());
                if (e != null) {
                    e.dirty = true;
                }
            }
            for (int i = pings.size() - 1; i >= 0; i--) {
                Entry e = byId.get(pings.get(i).heartbeatId());
                if (e != null) {
                    e.unflushed.addFirst(pings.get(i));
                    while (e.unflushed.size() > Ping.KEPT) {
                        e.unflushed.removeFirst();
                    }
                }
            }
            pendingTransitions.addAll(0, transitions);
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

    /** A token's last pings (at most {@value Ping#KEPT}), newest first: those not yet flushed, then stored ones. */
    public List<Ping> pings(long id, int limit) throws StoreException {
        limit = Math.min(limit, Ping.KEPT); // before a flush, memory and store together may hold more
        storeLock.lock(); // no flush moves pings from memory to the store while both are read
        try {
            List<Ping> out = new ArrayList<>();
            lock.lock();
            try {
                Entry e = byId.get(id);
                if (e != null) {
                    for (Iterator<Ping> it = e.unflushed.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                        out.add(it.next());
                    }
                }
            } finally {
                lock.unlock();
            }
            if (out.size() < limit) {
                out.addAll(store.pings(id, limit - out.size()));
            }
            return out;
        } finally {
            storeLock.unlock();
        }
    }

    /** A token's transitions, newest first: those not yet flushed, then the stored ones. */
    public List<Transition> transitions(long id, int limit) throws StoreException {
        storeLock.lock();
        try {
            List<Transition> out = new ArrayList<>();
            lock.lock();
            try {
                for (int i = pendingTransitions.size() - 1; i >= 0 && out.size() < limit; i--) {
                    if (pendingTransitions.get(i).heartbeatId() == id) {
                        out.add(pendingTransitions.get(i));
                    }
                }
            } finally {
                lock.unlock();
            }
            if (out.size() < limit) {
                out.addAll(store.transitions(id, limit - out.size()));
            }
            return out;
        } finally {
            storeLock.unlock();
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

    /** Changes not yet flushed (tokens with new pings, plus transitions). */
    public int unflushed() {
        lock.lock();
        try {
            int n = pendingTransitions.size();
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
}
