package dogdorm.dealer.results;

import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.Task;
import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.ranking.UptimeRecorder;
import dogdorm.dealer.schedule.Lease;
import dogdorm.dealer.schedule.LeaseSigner;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetTable;
import dogdorm.dealer.vantage.VantagePoint;
import dogdorm.dealer.vantage.VantageRecords;
import dogdorm.dealer.vantage.VantageSummary;
import dogdorm.dealer.vantage.Vote;
import dogdorm.dealer.vantage.WorkerHealth;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one result from a worker through lease check -> stats -> state change listeners. A result that does not
 * fit a live lease of this worker is rejected alone, with the reason, and changes nothing. Called under the
 * dealer's lock.
 */
public final class ResultIngest {
    private static final Logger log = LoggerFactory.getLogger(ResultIngest.class);

    private final TargetTable table;
    private final Scheduler scheduler;
    private final Stats.Thresholds thresholds;
    private final UptimeRecorder uptime;
    private final CheckLog checks;
    private final VantageRecords vantages;
    private final WorkerHealth health;
    private final Integer quorum;
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<RegionalListener> regionalListeners = new CopyOnWriteArrayList<>();
    private long accepted;
    private long rejected;

    public ResultIngest(TargetTable table, Scheduler scheduler, Stats.Thresholds thresholds, UptimeRecorder uptime,
                        CheckLog checks) {
        this(table, scheduler, thresholds, uptime, checks, new VantageRecords(), new WorkerHealth(), null);
    }

    /**
     * @param quorum how many locations must confirm an outage of a target checked from several; null: a majority
     *               of its K
     */
    public ResultIngest(TargetTable table, Scheduler scheduler, Stats.Thresholds thresholds, UptimeRecorder uptime,
                        CheckLog checks, VantageRecords vantages, WorkerHealth health, Integer quorum) {
        this.vantages = vantages;
        this.health = health;
        this.quorum = quorum;
        this.table = table;
        this.checks = checks;
        this.scheduler = scheduler;
        this.thresholds = thresholds;
        this.uptime = uptime;
    }

    public void listen(StateListener l) {
        listeners.add(l);
    }

    /** Told when the locations that see a target down while the vote has it up change, under the lock. */
    @FunctionalInterface
    public interface RegionalListener {
        void changed(Target target, List<String> before, List<String> after, Instant at);
    }

    public void onRegional(RegionalListener l) {
        regionalListeners.add(l);
    }

    /** The quorum of a target checked from {@code k} locations: the setting, or a majority of k. */
    public int quorum(int k) {
        return quorum != null ? Math.min(quorum, k) : k / 2 + 1;
    }

    /** Takes the result of one member of a lease of a task other than a check. */
    @FunctionalInterface
    public interface TaskHandler {
        /** Applies it; returns why it was rejected, or null when taken. */
        String apply(long member, ProbeResult result, Instant now);
    }

    private final Map<Task, TaskHandler> handlers = new EnumMap<>(Task.class);

    /** Told of every check taken (not faults, not imports or resolutions), after the stats, under the lock. */
    @FunctionalInterface
    public interface CheckListener {
        void checked(Target target, boolean up, Instant at);
    }

    private final List<CheckListener> checkListeners = new CopyOnWriteArrayList<>();

    public void onCheck(CheckListener l) {
        checkListeners.add(l);
    }

    /** Routes results of leases of {@code task} (import, resolve) to {@code handler}. */
    public void handle(Task task, TaskHandler handler) {
        handlers.put(task, handler);
    }

    public ResultsAnswer.Item apply(String worker, ProbeResult r, Instant now) {
        switch (scheduler.checkSignature(r.lease(), worker)) {
            case LeaseSigner.Checked.Forged f -> {
                return reject(r, f.why());
            }
            case LeaseSigner.Checked.OtherWorker o -> {
                return reject(r, "lease " + r.lease() + " was dealt to another worker");
            }
            case LeaseSigner.Checked.Ok ok -> { }
        }
        Lease lease = scheduler.lease(r.lease());
        if (lease == null) {
            return reject(r, scheduler.whyNotLive(r.lease()));
        }
        if (now.toEpochMilli() > lease.deadline()) {
            // not yet swept by the periodic expiry: still too late
            return reject(r, "lease expired at " + Instant.ofEpochMilli(lease.deadline()) + ": the result came after "
                    + "its deadline");
        }
        if (!lease.isPending(r.target())) {
            boolean member = false;
            for (long m : lease.unit().members()) {
                member |= m == r.target();
            }
            return reject(r, member ? "target " + r.target() + " already has a result for this lease"
                    : "target " + r.target() + " is not part of lease " + r.lease());
        }
        TaskHandler handler = handlers.get(lease.unit().task());
        if (handler != null) {
            scheduler.answered(lease, r.target(), r.fault(), now.toEpochMilli());
            // a worker fault is accepted and not handled: the task is simply dealt again
            String why = r.fault() ? null : handler.apply(r.target(), r, now);
            if (why != null) {
                return reject(r, why);
            }
            accepted++;
            return ResultsAnswer.Item.ok(r.lease(), r.target());
        }
        Target t = table.get(r.target());
        if (t == null) {
            scheduler.answered(lease, r.target(), false, now.toEpochMilli());
            return reject(r, "target " + r.target() + " no longer exists");
        }
        accepted++;
        if (r.fault()) {
            // the worker could not run the probe: not the target's failure; try again soon
            log.debug("worker {} could not check {}: {}", worker, t, r.error());
            scheduler.answered(lease, r.target(), true, now.toEpochMilli());
            return ResultsAnswer.Item.ok(r.lease(), r.target());
        }
        if (lease.unit().location() != null) {
            return fromOneOfSeveral(lease, t, worker, r, now);
        }
        if (!r.up() && !health.counts(worker)) {
            // a worker rated unhealthy: its failure is its own; someone checks again soon
            log.debug("unhealthy worker {} failed {}: not counted", worker, t);
            scheduler.answered(lease, r.target(), true, now.toEpochMilli());
            return ResultsAnswer.Item.ok(r.lease(), r.target());
        }
        State before = t.stats().record(r.up(), r.latencyMs(), r.error(), now, worker, thresholds);
        t.detail(r.detail());
        table.markChanged(t.id());
        uptime.record(t.id(), now, r.up(), r.latencyMs());
        checks.record(t.id(), now, worker, r.up(), r.latencyMs(), r.error());
        notifyChecked(t, r, now);
        scheduler.answered(lease, r.target(), t.stats().inDoubt(), now.toEpochMilli());
        if (before != null) {
            notifyChanged(t, before, r, worker, now);
        }
        return ResultsAnswer.Item.ok(r.lease(), r.target());
    }

    /**
     * A check by one of the locations a target is dealt to: it goes to that location's record (its own
     * thresholds, its re-check in doubt), then the locations vote, and the target takes the vote's state (a
     * location alone changes nothing while the others disagree). A check while no location has an opinion yet
     * leaves the target as it was.
     */
    private ResultsAnswer.Item fromOneOfSeveral(Lease lease, Target t, String worker, ProbeResult r, Instant now) {
        VantagePoint point = vantages.point(t.id(), lease.unit().location());
        boolean counts = health.counts(worker);
        if (counts) {
            point.record(r.up(), r.latencyMs(), r.error(), now, worker, thresholds);
        }
        t.detail(r.detail());
        checks.record(t.id(), now, worker, r.up(), r.latencyMs(), r.error());
        scheduler.answered(lease, r.target(), counts && point.stats().inDoubt(), now.toEpochMilli());
        Scheduler.Vantage where = scheduler.vantage(t.groupKey());
        int k = where == null ? 1 : where.k();
        List<String> dealtTo = where == null ? List.of() : where.locations();
        long freshMs = 2 * lease.unit().intervalMs() + FRESH_MARGIN_MS;
        Vote vote = Vote.of(vantages.points(t.id()), quorum(k), dealtTo.size(), now, freshMs, health::counts);
        health.checked(worker, r.up(), vote.state(), now);
        VantageSummary was = vantages.summary(t.id());
        vantages.summary(t.id(), new VantageSummary(k, dealtTo, dealtTo.size() < k, quorum(k), vote,
                vantages.views(t.id())));
        table.markChanged(t.id());
        if (vote.state() == State.UNKNOWN) {
            return ResultsAnswer.Item.ok(r.lease(), r.target());
        }
        boolean up = vote.state() == State.UP;
        String error = up ? null : !r.up() ? point.location() + ": " + r.error() : lastErrorOf(t.id(), vote.down());
        State before = t.stats().record(up, up && r.up() ? r.latencyMs() : null, error, now, worker,
                Stats.Thresholds.IMMEDIATE);
        uptime.record(t.id(), now, up, up && r.up() ? r.latencyMs() : null);
        notifyChecked(t, r, now);
        if (before != null) {
            notifyChanged(t, before, r, worker, now);
        }
        List<String> regionalBefore = was == null ? List.of() : was.vote().regional();
        if (!regionalBefore.equals(vote.regional())) {
            for (RegionalListener l : regionalListeners) {
                try {
                    l.changed(t, regionalBefore, vote.regional(), now);
                } catch (RuntimeException e) {
                    log.error("regional listener failed for {}", t, e);
                }
            }
        }
        return ResultsAnswer.Item.ok(r.lease(), r.target());
    }

    /** A location's view counts in the vote for two intervals and this long. */
    static final long FRESH_MARGIN_MS = 120_000;

    /** The latest error of the locations that have a target down, named by location ("ams: refused"). */
    private String lastErrorOf(long target, List<String> locations) {
        VantagePoint latest = null;
        for (VantagePoint p : vantages.points(target)) {
            if (locations.contains(p.location()) && p.stats().lastError != null
                    && (latest == null || p.stats().lastCheck.isAfter(latest.stats().lastCheck))) {
                latest = p;
            }
        }
        return latest == null ? null : latest.location() + ": " + latest.stats().lastError;
    }

    private void notifyChecked(Target t, ProbeResult r, Instant now) {
        for (CheckListener l : checkListeners) {
            try {
                l.checked(t, r.up(), now);
            } catch (RuntimeException e) {
                log.error("check listener failed for {}", t, e);
            }
        }
    }

    private void notifyChanged(Target t, State before, ProbeResult r, String worker, Instant now) {
        State after = t.stats().state;
        for (StateListener l : listeners) {
            try {
                l.changed(t, before, after, r, worker, now);
            } catch (RuntimeException e) {
                log.error("state listener failed for {} ({} -> {})", t, before, after, e);
            }
        }
    }

    private ResultsAnswer.Item reject(ProbeResult r, String reason) {
        rejected++;
        return ResultsAnswer.Item.rejected(r.lease(), r.target(), reason);
    }

    public long acceptedCount() {
        return accepted;
    }

    public long rejectedCount() {
        return rejected;
    }
}
