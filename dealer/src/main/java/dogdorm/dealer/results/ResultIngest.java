package dogdorm.dealer.results;

import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.Task;
import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.ranking.UptimeRecorder;
import dogdorm.dealer.schedule.Lease;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetTable;
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
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private long accepted;
    private long rejected;

    public ResultIngest(TargetTable table, Scheduler scheduler, Stats.Thresholds thresholds, UptimeRecorder uptime,
                        CheckLog checks) {
        this.table = table;
        this.checks = checks;
        this.scheduler = scheduler;
        this.thresholds = thresholds;
        this.uptime = uptime;
    }

    public void listen(StateListener l) {
        listeners.add(l);
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
        Lease lease = scheduler.lease(r.lease());
        if (lease == null) {
            return reject(r, scheduler.whyNotLive(r.lease()));
        }
        if (!lease.worker().equals(worker)) {
            return reject(r, "lease " + r.lease() + " was dealt to another worker");
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
        State before = t.stats().record(r.up(), r.latencyMs(), r.error(), now, worker, thresholds);
        t.detail(r.detail());
        table.markChanged(t.id());
        uptime.record(t.id(), now, r.up(), r.latencyMs());
        checks.record(t.id(), now, worker, r.up(), r.latencyMs(), r.error());
        for (CheckListener l : checkListeners) {
            try {
                l.checked(t, r.up(), now);
            } catch (RuntimeException e) {
                log.error("check listener failed for {}", t, e);
            }
        }
        scheduler.answered(lease, r.target(), t.stats().inDoubt(), now.toEpochMilli());
        if (before != null) {
            State after = t.stats().state;
            for (StateListener l : listeners) {
                try {
                    l.changed(t, before, after, r, worker, now);
                } catch (RuntimeException e) {
                    log.error("state listener failed for {} ({} -> {})", t, before, after, e);
                }
            }
        }
        return ResultsAnswer.Item.ok(r.lease(), r.target());
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
