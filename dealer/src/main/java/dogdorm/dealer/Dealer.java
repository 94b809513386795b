package dogdorm.dealer;

import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.Task;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Book;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.imports.ListSync;
import dogdorm.dealer.ranking.OriginalScore;
import dogdorm.dealer.ranking.Score;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.ranking.UptimeRecorder;
import dogdorm.dealer.results.ResultIngest;
import dogdorm.dealer.results.StateListener;
import dogdorm.dealer.schedule.Lease;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.schedule.Unit;
import dogdorm.dealer.schedule.Workers;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.TargetRow;
import dogdorm.dealer.table.ChangeSet;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import dogdorm.dealer.view.AliasView;
import dogdorm.dealer.view.CandidateView;
import dogdorm.dealer.view.TargetView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dealer's state and the one lock that guards it: the target table, the scheduler, result ingestion and the
 * server lists' current contents. Every HTTP handler and periodic task goes through here. Time comes from the
 * injected clock; storage from the injected store.
 */
public final class Dealer {
    private static final Logger log = LoggerFactory.getLogger(Dealer.class);

    /** How the dealer deals and judges. */
    public record Settings(Duration interval, Duration leaseTimeout, Duration spread, Duration retry,
                           Stats.Thresholds thresholds, boolean allowPrivate, Duration importRetry,
                           Duration aliasInterval, Duration aliasDowntime) {
        public Settings(Duration interval, Duration leaseTimeout, Duration spread, Duration retry,
                        Stats.Thresholds thresholds, boolean allowPrivate) {
            this(interval, leaseTimeout, spread, retry, thresholds, allowPrivate, Duration.ofMinutes(10),
                    Duration.ofMinutes(30), Duration.ofMinutes(20));
        }

        public static Settings defaults() {
            return new Settings(Duration.ofHours(1), Duration.ofSeconds(120), Duration.ofHours(1),
                    Duration.ofMinutes(1), new Stats.Thresholds(2, 1), false);
        }

        public static Settings of(DealerConfig c) {
            return new Settings(c.interval(), c.leaseTimeout(), c.spread(), c.retryInterval(),
                    new Stats.Thresholds(c.failThreshold(), c.recoverThreshold()), c.allowPrivate(),
                    c.importRetry(), c.aliasInterval(), c.aliasDowntime());
        }

        ListSync.Settings lists() {
            return new ListSync.Settings(allowPrivate, spread, importRetry, aliasInterval, aliasDowntime);
        }
    }

    /** The outcome of the last flush. */
    public record FlushStatus(Instant at, boolean ok, int rows, long millis, String error) {}

    private final Settings settings;
    private final Store store;
    private final Clock clock;
    private final RandomGenerator random;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workQueued = lock.newCondition();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final TargetTable table = new TargetTable();
    private final Scheduler scheduler;
    private final ResultIngest ingest;
    private final Workers workers = new Workers();
    private final UptimeRecorder uptime = new UptimeRecorder();
    /** The server lists' rows, candidates and aliases. */
    private final ListSync lists;
    /** Rows taken by a flush that is still writing: not yet safe, so still counted as unflushed. */
    private volatile int flushing;
    private volatile FlushStatus lastFlush;
    private volatile FlushStatus lastGoodFlush;

    public Dealer(Settings settings, Store store, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.scheduler = new Scheduler(new Scheduler.Settings(settings.interval(), settings.leaseTimeout(),
                settings.spread(), settings.retry()), random);
        this.ingest = new ResultIngest(table, scheduler, settings.thresholds(), uptime);
        this.lists = new ListSync(new TableBook(), settings.lists());
        for (Task task : List.of(Task.IMPORT, Task.RESOLVE)) {
            ingest.handle(task, (member, r, now) -> lists.taken(task, member, r, now));
        }
    }

    /** The table and scheduler as the list sync sees them; used under the lock. */
    private final class TableBook implements Book {
        @Override
        public TargetTable table() {
            return table;
        }

        @Override
        public Target add(TargetSpec spec) {
            Target t = table.add(spec);
            if (t != null) {
                syncUnit(t.groupKey(), null, clock.millis());
            }
            return t;
        }

        @Override
        public void update(Target t, TargetSpec spec) {
            updateTarget(t, spec, clock.millis());
        }

        @Override
        public void remove(Target t) {
            table.remove(t.id());
            syncUnit(t.groupKey(), null, clock.millis());
        }

        @Override
        public void schedule(String unitKey, Kind kind, int family, long member, Duration interval, Task task,
                             long firstDue) {
            scheduler.put(unitKey, task, kind, family, new long[] {member}, interval, firstDue, clock.millis());
            workQueued.signalAll();
        }

        @Override
        public void retime(String unitKey, long at) {
            scheduler.retime(unitKey, at);
        }

        @Override
        public void unschedule(String unitKey) {
            scheduler.remove(unitKey);
        }

        @Override
        public long now() {
            return clock.millis();
        }

        @Override
        public long jitter(long maxMillis) {
            return random.nextLong(Math.max(1, maxMillis));
        }
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public void listen(StateListener l) {
        ingest.listen(l);
    }

    /**
     * Writes a target's row now if it was never flushed, so a record written through (an incident) never points
     * at a target the store does not know. Called under the lock, for rare events only.
     */
    public void persistNow(Target t) {
        if (!table.specUnwritten(t.id())) {
            return;
        }
        try {
            store.write(List.of(new TargetRow(t.id(), t.spec(), t.stats().copy(), null)), List.of(), table.lastId());
            table.specWritten(t.id());
        } catch (StoreException e) {
            log.warn("could not write {} ahead of the flush: {}", t, e.getMessage());
        }
    }

    /** Told of every check ingested, under the lock: for counters and remediation. */
    public void onCheck(ResultIngest.CheckListener l) {
        ingest.onCheck(l);
    }

    private final List<Consumer<FlushStatus>> flushListeners = new CopyOnWriteArrayList<>();

    /** Told of every flush's outcome. */
    public void onFlush(Consumer<FlushStatus> l) {
        flushListeners.add(l);
    }

    private FlushStatus flushed(FlushStatus s) {
        for (var l : flushListeners) {
            l.accept(s);
        }
        return s;
    }

    // ---- start-up ------------------------------------------------------------------------------------------

    /** Loads the stored table and schedules it: stored due times are kept; overdue ones are spread over a minute. */
    public int load() throws StoreException {
        Store.Loaded loaded = store.load();
        lock.lock();
        try {
            long now = clock.millis();
            Map<String, Long> firstDue = new HashMap<>();
            for (TargetRow r : loaded.targets()) {
                Target t = table.load(r.id(), r.spec(), r.stats());
                if (r.nextDue() != null) {
                    firstDue.merge(t.groupKey(), r.nextDue(), Math::min);
                }
            }
            table.noteLastId(loaded.lastId());
            lists.restore(loaded.candidates(), loaded.aliases(), loaded.lastCandidateId(), loaded.lastAliasId());
            for (Target t : table.all()) {
                String key = t.groupKey();
                if (scheduler.unit(key) == null) {
                    Long due = firstDue.get(key);
                    long intervalMs = intervalOf(t.spec()).toMillis();
                    if (due != null && due < now) {
                        due = now + random.nextLong(Math.max(1, Math.min(intervalMs, 60_000)));
                    }
                    syncUnit(key, due, now);
                }
            }
            workQueued.signalAll();
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    private Duration intervalOf(TargetSpec s) {
        return s.interval() != null ? s.interval() : settings.interval();
    }

    /** Makes the scheduler's unit for a group match the table: members, interval; gone when the group is empty. */
    private void syncUnit(String groupKey, Long firstDue, long now) {
        Set<Long> ids = table.group(groupKey);
        if (ids.isEmpty()) {
            scheduler.remove(groupKey);
            return;
        }
        long[] members = ids.stream().mapToLong(Long::longValue).toArray();
        TargetSpec first = table.get(members[0]).spec();
        scheduler.put(groupKey, first.kind(), first.family(), members, first.interval(), firstDue, now);
    }

    /** Replaces a target's spec; when its group changes, both the old and the new group's units follow. */
    private void updateTarget(Target t, TargetSpec spec, long now) {
        String before = t.groupKey();
        table.update(t, spec);
        if (!before.equals(t.groupKey())) {
            syncUnit(before, null, now);
        }
        syncUnit(t.groupKey(), null, now);
    }

    // ---- server lists ---------------------------------------------------------------------------------------

    /** Makes targets and candidates match one list file's rows (see {@link ListSync}). */
    public ListSync.Applied applyList(String file, List<TargetSpec> rows) {
        return applyList(file, rows, false);
    }

    /** As {@link #applyList(String, List)}; {@code filePrivate}: the file allows private addresses. */
    public ListSync.Applied applyList(String file, List<TargetSpec> rows, boolean filePrivate) {
        lock.lock();
        try {
            ListSync.Applied applied = lists.apply(file, rows, filePrivate);
            if (applied.added() > 0 || applied.updated() > 0) {
                workQueued.signalAll();
            }
            return applied;
        } finally {
            lock.unlock();
        }
    }

    /** A list file disappeared: what its rows made goes unless another list has them. */
    public int dropList(String file) {
        lock.lock();
        try {
            return lists.drop(file);
        } finally {
            lock.unlock();
        }
    }

    /** After the first scan of the list folder: what came from list files that are gone is removed. */
    public int dropUnlisted(Predicate<String> gone) {
        lock.lock();
        try {
            return lists.dropUnlisted(gone);
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
                syncUnit(t.groupKey(), null, clock.millis());
                workQueued.signalAll();
            }
            return t;
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
        } finally {
            lock.unlock();
        }
    }

    // ---- worker API ----------------------------------------------------------------------------------------

    /**
     * Deals due jobs to a worker. When nothing is due and the request allows waiting, holds on (releasing the
     * lock) until work comes due or the wait is over.
     */
    public List<Job> work(WorkRequest req) throws InterruptedException {
        long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(req.waitMs());
        lock.lock();
        try {
            List<Lease> leases;
            while (true) {
                long now = clock.millis();
                leases = scheduler.deal(req.kinds(), req.families(), req.max(), req.worker(), req.location(), now);
                long left = waitUntil - System.nanoTime();
                if (!leases.isEmpty() || left <= 0) {
                    break;
                }
                long next = scheduler.nextDue(req.kinds(), req.families());
                long untilDue = next == Long.MAX_VALUE ? left
                        : TimeUnit.MILLISECONDS.toNanos(Math.max(1, next - now));
                workQueued.awaitNanos(Math.min(left, untilDue));
            }
            workers.seen(req.worker(), clock.instant());
            List<Job> jobs = new ArrayList<>(leases.size());
            for (Lease l : leases) {
                Job j = job(l);
                if (j != null) {
                    jobs.add(j);
                } else {
                    scheduler.cancel(l, clock.millis()); // its targets went between dealing and answering
                }
            }
            return jobs;
        } finally {
            lock.unlock();
        }
    }

    private Job job(Lease l) {
        Unit u = l.unit();
        List<JobTarget> targets = new ArrayList<>();
        if (u.task() != Task.CHECK) {
            JobTarget member = lists.jobTarget(u.task(), u.members()[0]);
            return member == null ? null : new Job(l.id(), u.kind(), u.task(), List.of(member),
                    Instant.ofEpochMilli(l.deadline()));
        }
        for (long id : u.members()) {
            Target t = table.get(id);
            if (t == null) {
                continue;
            }
            TargetSpec s = t.spec();
            targets.add(new JobTarget(t.id(), s.kind(), s.family(), s.transport(), s.host(), s.ip(), s.port(),
                    s.user(), s.password(), s.timeoutMs(), s.options(), lists.publicOnly(s)));
        }
        if (targets.isEmpty()) {
            return null;
        }
        return new Job(l.id(), u.kind(), Task.CHECK, targets, Instant.ofEpochMilli(l.deadline()));
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
            workers.seen(batch.worker(), now);
            return ResultsAnswer.of(items);
        } finally {
            lock.unlock();
        }
    }

    // ---- periodic duties -----------------------------------------------------------------------------------

    /** Expires overdue leases (their units are due again at once). Returns how many expired. */
    public int expireLeases() {
        lock.lock();
        try {
            List<Lease> expired = scheduler.expire(clock.millis());
            if (!expired.isEmpty()) {
                log.info("{} lease(s) expired unanswered; dealing them again (first: {} to worker {})",
                        expired.size(), expired.get(0).id(), expired.get(0).worker());
                workQueued.signalAll();
            }
            return expired.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what changed since the last flush in one transaction. On failure the changes are kept for the next
     * flush, the error is remembered for {@code /healthz}, and checking goes on.
     */
    public FlushStatus flush() {
        flushLock.lock();
        try {
            List<TargetRow> rows = new ArrayList<>();
            TargetTable.Changes changes;
            List<UptimeBucket> deltas;
            ChangeSet.Taken<Candidate> candidateChanges;
            ChangeSet.Taken<Alias> aliasChanges;
            Store.Batch batch;
            lock.lock();
            try {
                changes = table.takeChanges();
                for (Long id : changes.changed()) {
                    Target t = table.get(id);
                    if (t != null) {
                        Unit u = scheduler.unit(t.groupKey());
                        Long due = u == null ? null : u.leased() ? clock.millis() : u.dueAt();
                        rows.add(new TargetRow(id, changes.specs().contains(id) ? t.spec() : null,
                                t.stats().copy(), due));
                    }
                }
                deltas = new ArrayList<>(uptime.take());
                Set<Long> gone = changes.deleted();
                deltas.removeIf(d -> gone.contains(d.targetId()));
                candidateChanges = lists.candidates().takeChanges();
                aliasChanges = lists.aliases().takeChanges();
                batch = new Store.Batch(rows, changes.deleted(), table.lastId(), deltas, candidateChanges.rows(),
                        candidateChanges.deleted(), lists.candidates().lastId(), aliasChanges.rows(),
                        aliasChanges.deleted(), lists.aliases().lastId());
                flushing = batch.size();
            } finally {
                lock.unlock();
            }
            Instant at = clock.instant();
            if (batch.isEmpty()) {
                FlushStatus s = new FlushStatus(at, true, 0, 0, null);
                lastFlush = s;
                lastGoodFlush = s;
                return s;
            }
            long start = System.nanoTime();
            try {
                store.write(batch);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                FlushStatus s = new FlushStatus(at, true, batch.size(), ms, null);
                if (lastFlush != null && !lastFlush.ok()) {
                    log.info("flush works again: {} rows written in {} ms", s.rows(), ms);
                }
                lastFlush = s;
                lastGoodFlush = s;
                return flushed(s);
            } catch (StoreException e) {
                lock.lock();
                try {
                    table.giveBack(changes);
                    uptime.giveBack(deltas);
                    lists.candidates().giveBack(candidateChanges);
                    lists.aliases().giveBack(aliasChanges);
                } finally {
                    lock.unlock();
                }
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                FlushStatus s = new FlushStatus(at, false, 0, ms, e.getMessage());
                lastFlush = s;
                log.error("flush failed, keeping {} changes for the next try: {}", batch.size(), e.getMessage());
                return flushed(s);
            }
        } finally {
            flushing = 0;
            flushLock.unlock();
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    /** Runs {@code f} over read-only copies of every target, scored (a group's members share its mean score). */
    public <T> T read(Function<List<TargetView>, T> f) {
        List<TargetView> views;
        lock.lock();
        try {
            views = views();
        } finally {
            lock.unlock();
        }
        return f.apply(views);
    }

    /** The lowest id whose spec passes {@code test}, looked for under the lock without building any view. */
    public OptionalLong lowestId(Predicate<TargetSpec> test) {
        lock.lock();
        try {
            long best = Long.MAX_VALUE;
            for (Target t : table.all()) {
                if (t.id() < best && test.test(t.spec())) {
                    best = t.id();
                }
            }
            return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
        } finally {
            lock.unlock();
        }
    }

    /** One target's view as {@link #read} gives it, without building every other target's. */
    public Optional<TargetView> view(long id) {
        lock.lock();
        try {
            Target t = table.get(id);
            if (t == null) {
                return Optional.empty();
            }
            double[] group = null;
            if (t.spec().group() != null) {
                group = new double[3];
                for (long member : table.group(t.groupKey())) {
                    addScores(group, table.get(member));
                }
            }
            List<String> fqns = null;
            String ip = t.spec().ip();
            if (ip != null) {
                Set<String> names = lists.aliases().namesOf(ip);
                names.addAll(table.hostsAt(ip));
                fqns = List.copyOf(names);
            }
            return Optional.of(viewOf(t, group, fqns));
        } finally {
            lock.unlock();
        }
    }

    private List<TargetView> views() {
        // a group's members share the group's mean scores
        Map<String, double[]> groupScore = new HashMap<>();
        for (Target t : table.all()) {
            if (t.spec().group() != null) {
                addScores(groupScore.computeIfAbsent(t.groupKey(), k -> new double[3]), t);
            }
        }
        Map<String, Set<String>> names = lists.aliases().namesByAddress();
        table.forEachHostsAt((ip, hosts) -> names.computeIfAbsent(ip, k -> new TreeSet<>()).addAll(hosts));
        // one list per address, shared by the targets at it
        Map<String, List<String>> fqns = new HashMap<>(names.size() * 2);
        names.forEach((ip, set) -> fqns.put(ip, List.copyOf(set)));
        List<TargetView> out = new ArrayList<>(table.size());
        for (Target t : table.all()) {
            out.add(viewOf(t, groupScore.get(t.groupKey()), t.spec().ip() == null ? null : fqns.get(t.spec().ip())));
        }
        return out;
    }

    /** Adds a member's scores to a group's sums: {score, original score, members}. */
    private static void addScores(double[] sums, Target member) {
        sums[0] += Score.of(member.stats());
        sums[1] += OriginalScore.of(member.stats());
        sums[2]++;
    }

    /** The view of a target, given its group's score sums (null when it is not in a group) and its names. */
    private TargetView viewOf(Target t, double[] group, List<String> fqns) {
        double score = group != null ? group[0] / group[2] : Score.of(t.stats());
        double original = group != null ? group[1] / group[2] : OriginalScore.of(t.stats());
        Unit u = scheduler.unit(t.groupKey());
        Instant next = u == null || u.leased() ? null : Instant.ofEpochMilli(u.dueAt());
        List<String> hosts = fqns != null && !fqns.isEmpty() ? fqns
                : t.spec().host() != null ? List.of(t.spec().host()) : List.of();
        return TargetView.of(t, score, original, next, hosts);
    }

    /** TURN passwords by target id, for {@code /legacy} with {@code --publish-credentials} only. */
    public Map<Long, String> turnPasswords() {
        lock.lock();
        try {
            Map<Long, String> out = new HashMap<>();
            for (Target t : table.all()) {
                if (t.spec().kind() == Kind.TURN && t.spec().password() != null) {
                    out.put(t.id(), t.spec().password());
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Read-only copies of the candidates and aliases, for the pages. */
    public record Imports(List<CandidateView> candidates, List<AliasView> aliases) {}

    public Imports imports() {
        lock.lock();
        try {
            List<AliasView> as = new ArrayList<>();
            for (Alias a : lists.aliases().all()) {
                as.add(AliasView.of(a, lists.users(a)));
            }
            as.sort(Comparator.comparing(AliasView::host).thenComparingInt(AliasView::family));
            return new Imports(candidates(), as);
        } finally {
            lock.unlock();
        }
    }

    /** The list rows waiting for (or done with) validation, by id; the {@code candidates} of {@link #imports}. */
    public List<CandidateView> candidates() {
        lock.lock();
        try {
            List<CandidateView> cs = new ArrayList<>();
            for (Candidate c : lists.candidates().all()) {
                Unit u = scheduler.unit(c.unitKey());
                cs.add(CandidateView.of(c, u == null || u.leased() ? null : Instant.ofEpochMilli(u.dueAt())));
            }
            cs.sort(Comparator.comparingLong(CandidateView::id));
            return cs;
        } finally {
            lock.unlock();
        }
    }

    /** The alias of one (host name, family), if the lists name it. */
    public Optional<AliasView> alias(String host, int family) {
        lock.lock();
        try {
            Alias a = lists.aliases().get(host, family);
            return a == null ? Optional.empty() : Optional.of(AliasView.of(a, lists.users(a)));
        } finally {
            lock.unlock();
        }
    }

    /** Counts for {@code /healthz}. */
    public record Health(int targets, int due, int leased, int workersLastMinute, FlushStatus lastFlush,
                         FlushStatus lastGoodFlush, int unflushed, long resultsAccepted, long resultsRejected) {
        public boolean ok() {
            return lastFlush == null || lastFlush.ok();
        }
    }

    public Health health() {
        lock.lock();
        try {
            Instant now = clock.instant();
            return new Health(table.size(), scheduler.dueCount(now.toEpochMilli()), scheduler.leasedCount(),
                    workers.seenSince(now.minusSeconds(60)), lastFlush, lastGoodFlush,
                    table.changedCount() + flushing,
                    ingest.acceptedCount(), ingest.rejectedCount());
        } finally {
            lock.unlock();
        }
    }

    /** The number of targets (cheap). */
    public int size() {
        lock.lock();
        try {
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many targets each kind has in each state (indexed by {@link State#ordinal()}), counted without building
     * views: {@code /metrics} asks on every scrape.
     */
    public Map<Kind, long[]> countByKindAndState() {
        lock.lock();
        try {
            Map<Kind, long[]> m = new EnumMap<>(Kind.class);
            for (Target t : table.all()) {
                m.computeIfAbsent(t.spec().kind(), k -> new long[State.values().length])[t.stats().state.ordinal()]++;
            }
            return m;
        } finally {
            lock.unlock();
        }
    }

}
