package dogdorm.dealer.core;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.Task;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.imports.Applied;
import dogdorm.dealer.imports.ListSink;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.maintenance.MaintenanceGate;
import dogdorm.dealer.maintenance.Windows;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.ranking.UptimeRecorder;
import dogdorm.dealer.results.ResultIngest;
import dogdorm.dealer.results.StateListener;
import dogdorm.dealer.schedule.Lease;
import dogdorm.dealer.schedule.LeaseSigner;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.schedule.Workers;
import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import dogdorm.dealer.vantage.VantageRecords;
import dogdorm.dealer.vantage.WorkerHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dealer's state core: the target table, the schedule and its leases, the list rows with their candidates and
 * aliases, and the incidents they open, behind one lock, and nothing else. Its commands ({@link #work},
 * {@link #results}, {@link #applyList}, {@link #expireLeases}, {@link #endMaintenance}) change memory only: no disk
 * or network I/O and no views while the lock is held. What changed goes out two ways: copies to its readers ({@link Feed}) and counts
 * ({@link #counts()}) at the end of each command, and the changes to store to the flusher ({@link CoreChanges}).
 * Time comes from the injected clock.
 */
public final class Core implements ListSink {
    private static final Logger log = LoggerFactory.getLogger(Core.class);

    /** How the core deals and judges: taken from the dealer's options. */
    public record Settings(Duration interval, Duration leaseTimeout, Duration spread, Duration retry,
                           Stats.Thresholds thresholds, boolean allowPrivate, Duration importRetry,
                           Duration aliasInterval, Duration aliasDowntime, int vantage, Integer quorum) {
        public static Settings of(DealerConfig c) {
            return new Settings(c.interval(), c.leaseTimeout(), c.spreadOrInterval(), c.retryInterval(),
                    new Stats.Thresholds(c.failThreshold(), c.recoverThreshold()), c.allowPrivate(),
                    c.importRetry(), c.aliasInterval(), c.aliasDowntime(), c.vantage(), c.quorum());
        }

        Lists.Settings lists() {
            return new Lists.Settings(spread, importRetry, aliasInterval, aliasDowntime);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workQueued = lock.newCondition();
    /** When each waiting work request will wake by itself (a count per time): a sooner unit wakes them. */
    private final TreeMap<Long, Integer> waking = new TreeMap<>();
    private final TargetTable table = new TargetTable();
    private final Scheduler scheduler;
    private final ResultIngest ingest;
    private final Workers workers = new Workers();
    private final UptimeRecorder uptime;
    private final IncidentLog incidents = new IncidentLog();
    private final CheckLog checks = new CheckLog(CheckLog.DEFAULT_CAPACITY);
    private final VantageRecords vantages = new VantageRecords();
    private final WorkerHealth health = new WorkerHealth();
    private final Lists lists;
    private final Managed managed;
    private final Units units;
    private final Jobs jobs;
    private final Published published;
    private final CoreChanges changes;
    private final MaintenanceGate gate;
    private Runnable stateChanged = () -> { };

    public Core(Settings settings, Clock clock, RandomGenerator random, Feed feed) {
        this(settings, clock, random, feed, null);
    }

    /** As above, signing leases with {@code signer} (the data folder's key; null: a key of its own). */
    public Core(Settings settings, Clock clock, RandomGenerator random, Feed feed, LeaseSigner signer) {
        this(settings, clock, random, feed, signer, new Windows(clock));
    }

    /**
     * As above, with the maintenance windows: a target's failure inside one opens no incident and tells no
     * listener ({@link MaintenanceGate}), and its checks there stay out of the uptime history.
     */
    public Core(Settings settings, Clock clock, RandomGenerator random, Feed feed, LeaseSigner signer,
                Windows maintenance) {
        this.settings = settings;
        this.gate = new MaintenanceGate(maintenance, table, incidents);
        this.uptime = new UptimeRecorder(gate::covers);
        this.clock = clock;
        this.random = random;
        Scheduler.Settings s = new Scheduler.Settings(settings.interval(), settings.leaseTimeout(),
                settings.spread(), settings.retry());
        this.scheduler = signer == null ? new Scheduler(s, random) : new Scheduler(s, random, signer);
        this.ingest = new ResultIngest(table, scheduler, settings.thresholds(), uptime, checks, vantages, health,
                settings.quorum());
        this.units = new Units(table, scheduler, settings.interval(), settings.vantage(), vantages);
        this.lists = new Lists(settings.lists(), settings.allowPrivate(), table, units, scheduler, incidents, checks, clock,
                random, workQueued::signalAll);
        this.managed = new Managed(table, lists, units);
        this.jobs = new Jobs(table, lists);
        this.published = new Published(table, scheduler, lists, vantages, feed);
        this.changes = new CoreChanges(lock, clock, table, scheduler, uptime, lists, incidents, checks);
        for (Task task : List.of(Task.IMPORT, Task.RESOLVE)) {
            ingest.handle(task, (member, r, now) -> lists.taken(task, member, r, now));
        }
        ingest.listen(gate); // the incident log, then every listener of listen()
        ingest.listen((t, from, to, cause, worker, at) -> stateChanged.run());
        ingest.onRegional((t, before, after, at) -> stateChanged.run()); // its event should not wait for a flush
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** The incidents the targets' state changes open and close (kept and stored with them). */
    public IncidentLog incidents() {
        return incidents;
    }

    /** The last checks of each target (stored once a minute and at a clean stop). */
    public CheckLog checks() {
        return checks;
    }

    /** What the flusher takes from the core. */
    public CoreChanges changes() {
        return changes;
    }

    /**
     * Told of every confirmed state change, under the lock (keep it short: write a record, ask for a flush). A change
     * to down inside a maintenance window is told only if the target is still down when the window ends, as of
     * then; its change back to up is told only if its down was ({@link MaintenanceGate}).
     */
    public void listen(StateListener l) {
        gate.add(l);
    }

    /**
     * Told when the locations that see a target down while the vote has it up change, under the lock; not for a
     * target in maintenance.
     */
    public void listenRegional(ResultIngest.RegionalListener l) {
        ingest.onRegional(gate.regional(l));
    }

    /**
     * Told of every check ingested but those made while the target is in maintenance, under the lock: for
     * remediation, which must not reboot what someone is working on.
     */
    public void onCheckOutsideMaintenance(ResultIngest.CheckListener l) {
        ingest.onCheck((t, up, at) -> {
            if (!gate.covers(t, at)) {
                l.checked(t, up, at);
            }
        });
    }

    /** Told of every check ingested, under the lock: for counters and remediation. */
    public void onCheck(ResultIngest.CheckListener l) {
        ingest.onCheck(l);
    }

    /** Told (under the lock) of each confirmed state change: the flusher stores it soon. */
    public void onStateChange(Runnable r) {
        this.stateChanged = r;
    }

    /**
     * Records an event caused by the change a listener was just told of: it is stored with that change and sent
     * once the flush that took it has run. Called under the lock, from a listener.
     */
    public void record(Event e) {
        changes.record(e);
    }

    // ---- start-up ------------------------------------------------------------------------------------------

    /** Loads the stored table and schedules it: stored due times are kept; overdue ones are spread over a minute. */
    public int load(Stored stored) {
        incidents.load(stored.openIncidents(), stored.lastIncidentId());
        lock.lock();
        try {
            long now = clock.millis();
            Map<String, Long> firstDue = new HashMap<>();
            for (TargetRow r : stored.targets()) {
                Target t = table.load(r.id(), r.spec(), r.stats());
                if (r.checks() != null) checks.restore(r.id(), r.checks());
                if (r.nextDue() != null) {
                    firstDue.merge(t.groupKey(), r.nextDue(), Math::min);
                }
            }
            table.noteLastId(stored.lastTargetId());
            int held = gate.restore();
            if (held > 0) {
                log.info("{} target(s) went down inside a maintenance window and are still down: their incident "
                        + "waits for the window's end", held);
            }
            lists.restore(stored.candidates(), stored.aliases(), stored.lastCandidateId(), stored.lastAliasId());
            managed.restore(); // before the first scan of the lists: the UI's rows keep their keys
            for (Target t : table.all()) {
                String key = t.groupKey();
                if (scheduler.unit(key) == null) {
                    Long due = firstDue.get(key);
                    long intervalMs = units.intervalOf(t.spec()).toMillis();
                    if (due != null && due < now) {
                        due = now + random.nextLong(Math.max(1, Math.min(intervalMs, 60_000)));
                    }
                    units.sync(key, due, now);
                }
            }
            workQueued.signalAll();
            published.listsChanged();
            return finish(table.size());
        } finally {
            lock.unlock();
        }
    }

    // ---- server lists ---------------------------------------------------------------------------------------

    @Override
    public Applied applyList(String file, List<TargetSpec> rows, boolean filePrivate) {
        lock.lock();
        try {
            Applied applied = lists.apply(file, rows, filePrivate);
            workQueued.signalAll();
            published.listsChanged();
            return finish(applied);
        } finally {
            lock.unlock();
        }
    }

    public Applied applyList(String file, List<TargetSpec> rows) {
        return applyList(file, rows, false);
    }

    @Override
    public int dropList(String file) {
        lock.lock();
        try {
            published.listsChanged();
            return finish(lists.drop(file));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int dropUnlisted(Predicate<String> gone) {
        lock.lock();
        try {
            published.listsChanged();
            return finish(lists.dropUnlisted(gone));
        } finally {
            lock.unlock();
        }
    }

    // ---- targets managed in the UI and the API --------------------------------------------------------------

    /** Adds a target as added in the UI ({@code spec}'s source becomes {@link dogdorm.dealer.table.Source#ui()}). */
    public TargetChange create(TargetSpec spec) {
        return managing(() -> managed.create(spec));
    }

    /** Replaces what a target added in the UI is (a list file's row is refused: its file is its source). */
    public TargetChange edit(long id, TargetSpec spec) {
        return managing(() -> managed.edit(id, spec, clock.millis()));
    }

    /** Removes a target added in the UI (a list file's row is refused). */
    public TargetChange delete(long id) {
        return managing(() -> managed.delete(id));
    }

    /** Pauses a target (and the rest of its group): not dealt until resumed; its record stays. */
    public TargetChange pause(long id) {
        return managing(() -> managed.pause(id, true, clock.instant()));
    }

    /** Resumes a paused target: it is due at once. */
    public TargetChange resume(long id) {
        return managing(() -> managed.pause(id, false, clock.instant()));
    }

    /** Adds rows as targets added in the UI, one answer per row, in order. */
    public List<TargetChange> importRows(List<TargetSpec> rows) {
        return managing(() -> managed.importRows(rows));
    }

    private <T> T managing(java.util.function.Supplier<T> change) {
        lock.lock();
        try {
            T result = change.get();
            workQueued.signalAll();
            published.listsChanged();
            return finish(result);
        } finally {
            lock.unlock();
        }
    }

    /** Adds one target directly (tests, other sources than lists); null when its key exists. */
    public Target addTarget(TargetSpec spec) {
        lock.lock();
        try {
            Target t = table.add(spec);
            if (t != null) {
                units.sync(t.groupKey(), null, clock.millis());
                workQueued.signalAll();
            }
            return finish(t);
        } finally {
            lock.unlock();
        }
    }

    /** Makes a target due now (tests, "check now" buttons). */
    public void checkNow(long targetId) {
        lock.lock();
        try {
            Target t = table.get(targetId);
            if (t != null) {
                scheduler.retime(t.groupKey(), clock.millis());
                workQueued.signalAll();
            }
            finish(null);
        } finally {
            lock.unlock();
        }
    }

    // ---- the worker API ------------------------------------------------------------------------------------

    /**
     * Deals due jobs to a worker. When nothing is due and the request allows waiting, holds on (releasing the
     * lock) until work comes due — a result or a list change that makes a unit due sooner wakes it — or the wait
     * is over.
     */
    public List<Job> work(WorkRequest req) throws InterruptedException {
        return work(req, null);
    }

    /**
     * As above, for a worker that connects from {@code address} (null when not known): a worker without a
     * {@code --location} is located by its address (workers on one host are one vantage point), else by its name.
     */
    public List<Job> work(WorkRequest req, String address) throws InterruptedException {
        long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(req.waitMs());
        String location = locationOf(req, address);
        lock.lock();
        try {
            workers.seen(req.worker(), location, address, clock.instant());
            scheduler.placeSeen(location, clock.millis());
            List<Lease> leases;
            while (true) {
                long now = clock.millis();
                Scheduler.Deal deal = scheduler.deal(req.kinds(), req.families(), req.max(), req.worker(),
                        location, now, workers.recent(clock.instant()) > 1);
                leases = deal.leases();
                long left = waitUntil - System.nanoTime();
                if (!leases.isEmpty() || left <= 0) {
                    break;
                }
                long next = deal.next();
                long sleep = next == Long.MAX_VALUE ? left
                        : Math.min(left, TimeUnit.MILLISECONDS.toNanos(Math.max(1, next - now)));
                long wakeAt = now + TimeUnit.NANOSECONDS.toMillis(sleep);
                waking.merge(wakeAt, 1, Integer::sum);
                try {
                    workQueued.awaitNanos(sleep);
                } finally {
                    waking.computeIfPresent(wakeAt, (k, n) -> n == 1 ? null : n - 1);
                }
            }
            List<Job> out = new ArrayList<>(leases.size());
            for (Lease l : leases) {
                Job j = jobs.of(l);
                if (j != null) {
                    out.add(j);
                } else {
                    scheduler.cancel(l, clock.millis()); // its targets went between dealing and answering
                }
            }
            return finish(out);
        } finally {
            lock.unlock();
        }
    }

    /** The workers heard from, the most recently seen first, and the locations live now. */
    public record WorkerList(List<WorkerEntry> workers, List<String> locations) {}

    /** One worker, and how the vote rates it. */
    public record WorkerEntry(@JsonUnwrapped Workers.Info info, @JsonUnwrapped WorkerHealth.Rating rating) {}

    public WorkerList workers() {
        lock.lock();
        try {
            List<WorkerEntry> out = new ArrayList<>();
            for (Workers.Info w : workers.all(clock.instant())) {
                out.add(new WorkerEntry(w, health.rating(w.name())));
            }
            return new WorkerList(out, scheduler.places());
        } finally {
            lock.unlock();
        }
    }

    /** Where a worker checks from: its {@code --location}, else the address it connects from, else its name. */
    static String locationOf(WorkRequest req, String address) {
        return req.location() != null ? req.location() : address != null ? address : req.worker();
    }

    /** Takes a worker's results: each accepted or rejected alone, with the reason. */
    public ResultsAnswer results(ResultBatch batch) {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<ResultsAnswer.Item> items = new ArrayList<>(batch.results().size());
            for (ProbeResult r : batch.results()) {
                items.add(ingest.apply(batch.worker(), r, now));
            }
            ResultsAnswer answer = ResultsAnswer.of(items);
            workers.posted(batch.worker(), answer.accepted(), now);
            if (gate.release(now) > 0) {
                stateChanged.run();
            }
            wakeIfSooner();
            return finish(answer);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiting work requests when a unit is now due before the first of them would wake by itself. */
    private void wakeIfSooner() {
        if (!waking.isEmpty() && scheduler.nextDue(List.of(Kind.values()), List.of(4, 6)) < waking.firstKey()) {
            workQueued.signalAll();
        }
    }

    // ---- periodic duties -----------------------------------------------------------------------------------

    /**
     * Expires overdue leases (their units are due again at once) and brings the time-dependent counts (due,
     * workers) up to date. Returns how many leases expired.
     */
    public int expireLeases() {
        lock.lock();
        try {
            List<Lease> expired = scheduler.expire(clock.millis());
            if (!expired.isEmpty()) {
                log.info("{} lease(s) expired unanswered; dealing them again (first: {} to worker {})",
                        expired.size(), expired.get(0).id(), expired.get(0).worker());
                workQueued.signalAll();
            }
            return finish(expired.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens the incidents of targets still down when their maintenance window ended (a results batch does the same
     * for the targets it brings; this catches the ones not checked since). Returns how many.
     */
    public int endMaintenance() {
        lock.lock();
        try {
            int told = gate.release(clock.instant());
            if (told > 0) {
                stateChanged.run();
            }
            return finish(told);
        } finally {
            lock.unlock();
        }
    }

    // ---- what readers see ------------------------------------------------------------------------------------

    /** Ends a command, under the lock: tells the readers what changed and publishes the counts. */
    private <T> T finish(T result) {
        Instant now = clock.instant();
        published.workers(workers.recent(now));
        published.publish(now.toEpochMilli(), ingest.acceptedCount(), ingest.rejectedCount());
        changes.count();
        return result;
    }

    /** The counts as of the last command (or second): no lock taken. */
    public Counts counts() {
        return published.counts();
    }

    /** The number of targets (no lock taken). */
    public int size() {
        return published.counts().targets();
    }
}
