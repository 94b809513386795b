package dogdorm.dealer.heartbeat;

import dogdorm.common.Durations;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.pending.Pending;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
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

    private final Clock clock;
    private final Tokens tokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> byToken = new HashMap<>();
    private final TreeMap<Long, Heartbeat> byId = new TreeMap<>();
    private final UnstoredChanges unstored = new UnstoredChanges();
    private long lastId;
    private long lastPingId;
    private long lastTransitionId;
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private volatile Runnable recordedOne = () -> { };
    /** Makes the event a transition causes (or null), under the lock: it is stored with the transition. */
    private volatile Function<Transition, Event> eventOf = t -> null;
    private volatile Consumer<List<Event>> send = list -> { };
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
                byId.put(h.id(), h);
                byToken.put(h.token(), h.id());
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

    /**
     * Makes the event each transition causes (null: none), under the lock; it is stored with the transition and
     * handed to {@code sender} once the flush that took it has run (stored, or failed).
     */
    public void events(Function<Transition, Event> maker, Consumer<List<Event>> sender) {
        this.eventOf = maker;
        this.send = sender;
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
            Long id = byToken.get(token);
            if (id == null) {
                unknown.incrementAndGet();
                return Outcome.UNKNOWN;
            }
            Heartbeat h = byId.get(id);
            wasIgnored = !h.enabled();
            Long runMs = null;
            Heartbeat after;
            if (wasIgnored) {
                after = h.ignoredPing();
            } else {
                runMs = kind == PingKind.START ? null : runTime(h, now);
                after = switch (kind) {
                    case SUCCESS -> h.succeeded(now, r.source(), runMs);
                    case FAIL -> h.failed(now, runMs);
                    case START -> h.started(now);
                };
            }
            byId.put(id, after);
            unstored.ping(new Ping(++lastPingId, id, now, kind, wasIgnored, r.method(), r.source(), r.userAgent(),
                    r.body(), r.bodyBytes(), r.truncated(), runMs));
            if (!wasIgnored) {
                settle(id, now, kind, r.source());
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
    private Transition settle(long id, Instant now, PingKind kind, String source) {
        Heartbeat h = byId.get(id);
        HeartbeatState from = h.recorded();
        HeartbeatState to = HeartbeatState.of(h, now);
        if (from == to) {
            return null;
        }
        h = h.recorded(to, now);
        byId.put(id, h);
        unstored.changed(id);
        String why = kind == PingKind.SUCCESS ? "ping from " + source
                : kind == PingKind.FAIL ? "failure reported from " + source : because(h, from, to);
        Transition t = new Transition(++lastTransitionId, id, from, to, now, why);
        unstored.transition(t);
        Event e = eventOf.apply(t);
        if (e != null) {
            unstored.event(e);
        }
        log.info("{}: {} -> {}: {}", h, from, to, why);
        recordedOne.run();
        return t;
    }

    static String because(Heartbeat h, HeartbeatState from, HeartbeatState to) {
        Instant due = h.dueAt();
        return switch (to) {
            case PAUSED -> "paused";
            case NEW -> from == HeartbeatState.PAUSED ? "resumed (never pinged)" : "no ping yet";
            case WAITING -> "resumed: waiting for a ping, due " + due(h, due);
            case UP -> h.schedule() instanceof Schedule.Every every
                    ? "within its interval of " + Durations.format(every.interval()) : "next ping due " + due(h, due);
            case LATE -> h.schedule().missed(due);
            case DOWN -> h.failureStands() ? "failure reported" : h.schedule().missed(due) + " + "
                    + Durations.format(h.effectiveGrace()) + " grace";
        };
    }

    /** When the next ping is due, in words: {@code within 1h}, or a cron run's time in its zone. */
    private static String due(Heartbeat h, Instant due) {
        if (due == null) {
            return "never (its cron schedule has no run left)";
        }
        return switch (h.schedule()) {
            case Schedule.Cron cron -> "at " + cron.local(due);
            case Schedule.Every every -> "within " + Durations.format(every.interval());
        };
    }

    /**
     * Records every transition that time has brought about: run every {@code --heartbeat-sweep} (10 s by default),
     * it notices a token whose next ping is due (by its interval or cron schedule) going late, and down once the
     * grace has passed too. Pings and edits
     * record their own transitions at once; each is recorded once (the derived state is compared with the
     * recorded one), so sweeping twice records nothing new.
     */
    public List<Transition> sweep() {
        Instant now = now();
        List<Transition> out = new ArrayList<>();
        lock.lock();
        try {
            for (Long id : byId.keySet()) {
                Transition t = settle(id, now, null, null);
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
            byId.put(h.id(), h);
            byToken.put(h.token(), h.id());
            unstored.changed(h.id());
        } finally {
            lock.unlock();
        }
        log.info("{} created: {} (grace {})", h, h.schedule().describe(), Durations.format(h.effectiveGrace()));
        return h;
    }

    /** Replaces name, description, schedule and grace; the new deadline applies at once. Empty for an unknown id. */
    public Optional<Heartbeat> update(long id, HeartbeatSpec spec) {
        return change(id, (h, now) -> h.withSpec(spec), "edited");
    }

    /** Disables a token: it never fires, its pings are ignored. */
    public Optional<Heartbeat> pause(long id) {
        return change(id, (h, now) -> h.paused(), "paused");
    }

    /** Enables a token again: it waits for a ping, due by its schedule counted from now. */
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
            Heartbeat h = byId.get(id);
            if (h == null) {
                return Optional.empty();
            }
            Instant now = now();
            byId.put(id, edit.apply(h, now));
            unstored.changed(id);
            settle(id, now, null, null);
            result = byId.get(id);
        } finally {
            lock.unlock();
        }
        log.info("{} {}", result, what);
        return Optional.of(result);
    }

    /** Deletes a token with its pings and transitions; its ping URL answers 404 from now on. */
    public boolean delete(long id) {
        Heartbeat h;
        lock.lock();
        try {
            h = byId.remove(id);
            if (h == null) {
                return false;
            }
            byToken.remove(h.token());
            unstored.deleted(id);
        } finally {
            lock.unlock();
        }
        log.info("{} deleted", h);
        return true;
    }

    // ---- the flush -------------------------------------------------------------------------------------------

    /** Every changed token, its new pings and transitions, and the deletions since the last take. */
    @Override
    public HeartbeatChanges take() {
        lock.lock();
        try {
            return unstored.take(byId::get, lastId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stored(HeartbeatChanges taken) {
        lock.lock();
        try {
            unstored.stored();
        } finally {
            lock.unlock();
        }
        send.accept(taken.events());
        tell(taken);
    }

    /** The write failed: the rows, pings, transitions and deletions wait for the next flush. */
    @Override
    public void giveBack(HeartbeatChanges taken) {
        lock.lock();
        try {
            unstored.giveBack(taken, byId::containsKey);
        } finally {
            lock.unlock();
        }
        send.accept(taken.events()); // an alert does not wait for a broken disk
        tell(taken);
    }

    /** Tells the listeners of the transitions a flush took, once, in order. */
    private void tell(HeartbeatChanges taken) {
        List<Transition> now;
        lock.lock();
        try {
            now = unstored.toTell(taken);
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

    /** Changes not yet stored: tokens to save, pings, transitions, deletions and events (counted, not walked). */
    @Override
    public int waiting() {
        lock.lock();
        try {
            return unstored.waiting();
        } finally {
            lock.unlock();
        }
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** Every token, by id. */
    public List<Heartbeat> all() {
        lock.lock();
        try {
            return new ArrayList<>(byId.values());
        } finally {
            lock.unlock();
        }
    }

    public Optional<Heartbeat> get(long id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id));
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
            return unstored.pings(id);
        } finally {
            lock.unlock();
        }
    }

    /** A token's transitions not yet stored or being stored, newest first (read them first, as pings). */
    public List<Transition> unstoredTransitions(long id) {
        lock.lock();
        try {
            return unstored.transitions(id);
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
