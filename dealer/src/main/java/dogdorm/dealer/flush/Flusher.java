package dogdorm.dealer.flush;

import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.core.Changes;
import dogdorm.dealer.heartbeat.HeartbeatChanges;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.pending.Pending;
import dogdorm.dealer.statuspage.StatusPageChanges;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the store. Every part kept in memory (the state core; the heartbeat tokens; the audit of
 * actions; the events delivered; the status pages) hands over its changes through {@link Pending}; one flush takes them all and
 * writes them in one transaction on this class's own thread, so no request ever waits for the disk and a crash
 * never stores half of a change. A failed write gives everything back for the next flush. Flushes run every {@code every}, soon after a
 * change that should not wait ({@link #soon()}: an incident, a transition, an audited action), and when asked
 * ({@link #flushNow()}). Periodic store upkeep (the uptime roll-up) runs here too ({@link #upkeep}).
 */
public final class Flusher {
    private static final Logger log = LoggerFactory.getLogger(Flusher.class);
    /** The status pages' part of a flusher that has none. */
    private static final Pending<StatusPageChanges> NO_STATUS_PAGES = new Pending<>() {
        @Override
        public StatusPageChanges take() {
            return StatusPageChanges.none();
        }

        @Override
        public void giveBack(StatusPageChanges taken) {}

        @Override
        public void stored(StatusPageChanges taken) {}

        @Override
        public int waiting() {
            return 0;
        }
    };

    /** How often to flush, and how soon after {@link #soon()}. */
    public record Settings(Duration every, Duration soonAfter) {
        public static Settings every(Duration every) {
            return new Settings(every, Duration.ofMillis(50));
        }
    }

    /** Work on the store done on the flusher's thread. */
    @FunctionalInterface
    public interface Upkeep {
        void run(Store store) throws StoreException;
    }

    private final Store store;
    private final Pending<Changes> core;
    private final Pending<HeartbeatChanges> heartbeats;
    private final Pending<ActionLog.Changes> actions;
    private final Pending<Outbox.Delivered> outbox;
    private final Pending<StatusPageChanges> statusPages;
    private final Clock clock;
    private final Settings settings;
    private final List<Consumer<FlushStatus>> listeners = new CopyOnWriteArrayList<>();
    /** Held for each flush: one at a time, on the thread or inline. */
    private final ReentrantLock writing = new ReentrantLock();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition done = lock.newCondition();
    private final ArrayDeque<Runnable> upkeep = new ArrayDeque<>();
    private long asked;
    private long finished;
    private boolean soon;
    private boolean closing;
    private Thread thread;
    private volatile FlushStatus last;
    private volatile FlushStatus lastGood;
    private volatile Instant failingSince;
    /** Changes taken for the write under way, not yet stored (0 between flushes). */
    private volatile int inFlight;
    private volatile long failures;

    public Flusher(Store store, Pending<Changes> core, Pending<HeartbeatChanges> heartbeats,
                   Pending<ActionLog.Changes> actions, Pending<Outbox.Delivered> outbox,
                   Pending<StatusPageChanges> statusPages, Clock clock, Settings settings) {
        this.store = store;
        this.core = core;
        this.heartbeats = heartbeats;
        this.actions = actions;
        this.outbox = outbox;
        this.statusPages = statusPages;
        this.clock = clock;
        this.settings = settings;
    }

    /** A flusher with no status pages to store (tests and benchmarks of the other parts). */
    public Flusher(Store store, Pending<Changes> core, Pending<HeartbeatChanges> heartbeats,
                   Pending<ActionLog.Changes> actions, Pending<Outbox.Delivered> outbox, Clock clock,
                   Settings settings) {
        this(store, core, heartbeats, actions, outbox, NO_STATUS_PAGES, clock, settings);
    }

    /** Told of every flush's outcome, on the flusher's thread. */
    public void onFlush(Consumer<FlushStatus> l) {
        listeners.add(l);
    }

    /** Starts the flusher's thread. Without it, {@link #flushNow()} flushes on the caller's thread (tests). */
    public void start() {
        lock.lock();
        try {
            thread = Thread.ofPlatform().name("flusher").daemon().start(this::loop);
        } finally {
            lock.unlock();
        }
    }

    /** Asks for a flush soon (within {@code soonAfter}), unless flushes fail: then they keep their pace. */
    public void soon() {
        lock.lock();
        try {
            if (failingSince == null && !soon) {
                soon = true;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Flushes everything changed before this call and returns how that went. Never call it holding a lock a
     * {@link Pending} takes.
     */
    public FlushStatus flushNow() {
        lock.lock();
        try {
            if (thread == null || closing) {
                lock.unlock();
                try {
                    return flushOnce();
                } finally {
                    lock.lock();
                }
            }
            long ticket = ++asked;
            wake.signal();
            while (finished < ticket && !closing) {
                done.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        FlushStatus s = last;
        return s != null ? s : flushOnce();
    }

    /** Runs {@code task} on the flusher's thread soon; a failure is logged. */
    public void upkeep(String name, Upkeep task) {
        Runnable r = () -> {
            try {
                task.run(store);
            } catch (StoreException | RuntimeException e) {
                log.warn("{} failed, it will be tried again: {}", name, e.getMessage());
            }
        };
        lock.lock();
        try {
            if (thread == null) {
                lock.unlock();
                try {
                    writing.lock();
                    try {
                        r.run();
                    } finally {
                        writing.unlock();
                    }
                } finally {
                    lock.lock();
                }
                return;
            }
            upkeep.add(r);
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code write} on the caller's thread, between flushes, and says how it went: for a change written
     * through (a maintenance window) that is answered once stored. The store still has one writer at a time.
     */
    public void writeNow(Upkeep write) throws StoreException {
        writing.lock();
        try {
            write.run(store);
        } finally {
            writing.unlock();
        }
    }

    private void loop() {
        long everyNs = settings.every().toNanos();
        long nextPeriodic = System.nanoTime() + everyNs;
        while (true) {
            long ticket;
            Runnable task;
            lock.lock();
            try {
                while (!closing && asked == finished && upkeep.isEmpty() && !soon
                        && nextPeriodic - System.nanoTime() > 0) {
                    wake.awaitNanos(nextPeriodic - System.nanoTime());
                }
                if (closing) {
                    return;
                }
                task = upkeep.poll();
                if (task == null && asked == finished && soon) {
                    lock.unlock();
                    try {
                        Thread.sleep(settings.soonAfter()); // lets the changes of one burst go together
                    } finally {
                        lock.lock();
                    }
                }
                soon = false;
                ticket = asked;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (task != null) {
                writing.lock();
                try {
                    task.run();
                } finally {
                    writing.unlock();
                }
                continue;
            }
            flushOnce();
            nextPeriodic = System.nanoTime() + everyNs;
            lock.lock();
            try {
                finished = Math.max(finished, ticket);
                done.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Takes every part's changes and writes them in one transaction; on failure gives them all back. */
    FlushStatus flushOnce() {
        writing.lock();
        try {
            Instant at = clock.instant();
            // what is taken counts as unflushed until it is stored: a health check never sees 0 mid-write
            inFlight = core.waiting() + heartbeats.waiting() + actions.waiting() + outbox.waiting()
                    + statusPages.waiting();
            Changes c = core.take();
            HeartbeatChanges h = heartbeats.take();
            ActionLog.Changes a = actions.take();
            Outbox.Delivered d = outbox.take();
            StatusPageChanges p = statusPages.take();
            Store.Batch batch = new Store.Batch(c, h, a, d, p);
            inFlight = batch.size();
            long start = System.nanoTime();
            FlushStatus s;
            try {
                if (!batch.isEmpty()) {
                    store.write(batch);
                }
                s = FlushStatus.ok(at, batch.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (StoreException | RuntimeException e) {
                s = FlushStatus.failed(at, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            if (s.ok()) {
                core.stored(c);
                heartbeats.stored(h);
                actions.stored(a);
                outbox.stored(d);
                statusPages.stored(p);
                if (failingSince != null) {
                    log.info("the store works again: {} rows written in {} ms", s.rows(), s.millis());
                }
                failingSince = null;
                lastGood = s;
            } else {
                core.giveBack(c);
                heartbeats.giveBack(h);
                actions.giveBack(a);
                outbox.giveBack(d);
                statusPages.giveBack(p);
                failures++;
                if (failingSince == null) {
                    failingSince = at;
                }
                log.error("flush failed, keeping {} changes for the next try: {}", batch.size(), s.error());
            }
            inFlight = 0; // stored, or given back to the parts, which count it again
            last = s;
            for (Consumer<FlushStatus> l : listeners) {
                try {
                    l.accept(s);
                } catch (RuntimeException e) {
                    log.error("a flush listener failed", e);
                }
            }
            return s;
        } finally {
            writing.unlock();
        }
    }

    public FlushHealth health() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        waiting.put("core", core.waiting());
        waiting.put("heartbeats", heartbeats.waiting());
        waiting.put("actions", actions.waiting());
        waiting.put("delivered events", outbox.waiting());
        waiting.put("status pages", statusPages.waiting());
        waiting.put("being written", inFlight);
        return new FlushHealth(last, lastGood, failingSince, failures, waiting);
    }

    /** Stops the thread after the flush under way and flushes what is left; returns how that last one went. */
    public FlushStatus stop() {
        Thread t;
        lock.lock();
        try {
            closing = true;
            t = thread;
            wake.signalAll();
            done.signalAll();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return flushOnce();
    }
}
