package dogdorm.worker.run;

import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.Task;
import dogdorm.worker.probe.Importer;
import dogdorm.worker.probe.Probe;
import dogdorm.worker.probe.ProbeReport;
import dogdorm.worker.probe.Probes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job's probe and turns what happened into results: owns the timeout (a probe that overruns is cut off
 * and reported down), the timing (wall time when the probe reports no latency of its own) and the verdict (an
 * exception is a down with its message). Never throws.
 */
public final class ProbeRunner {
    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);
    /** How long past its timeout a probe may run before the runner gives up on it. */
    static final Duration GRACE = Duration.ofMillis(250);

    private final Probes probes;

    public ProbeRunner(Probes probes) {
        this.probes = probes;
    }

    public List<ProbeResult> run(Job job) {
        List<JobTarget> targets = job.targets();
        Duration timeout = Duration.ofMillis(targets.stream().mapToInt(JobTarget::timeoutMs).max().orElse(
                JobTarget.DEFAULT_TIMEOUT_MS));
        Callable<List<ProbeReport>> work;
        if (job.task() == Task.IMPORT) {
            Importer importer = probes.importer(job.kind());
            if (importer == null) {
                return faults(job, "this worker cannot validate candidates of kind " + job.kind());
            }
            List<ProbeReport> reports = new ArrayList<>();
            work = () -> {
                for (JobTarget c : targets) {
                    reports.add(importer.validate(c, timeout));
                }
                return reports;
            };
        } else {
            Probe probe = probes.get(job.kind());
            if (probe == null) {
                return faults(job, "this worker has no probe for kind " + job.kind());
            }
            work = () -> targets.size() == 1 ? List.of(probe.check(targets.get(0), timeout))
                    : probe.checkGroup(targets, timeout);
        }
        // a group's members (or a job's candidates) may be checked one after another: allow each its timeout
        Duration limit = timeout.multipliedBy(targets.size()).plus(GRACE);
        long start = System.nanoTime();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = Thread.ofVirtual().name("probe-" + job.kind() + "-" + job.lease()).start(() -> {
            try {
                outcome.set(work.call());
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        try {
            if (!t.join(limit)) {
                t.interrupt();
                return downs(job, "timed out after " + timeout.toMillis() + " ms", start);
            }
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            return faults(job, "worker stopped during the check");
        }
        Object o = outcome.get();
        if (o instanceof Throwable e) {
            return downs(job, ProbeReport.describe(e), start);
        }
        @SuppressWarnings("unchecked")
        List<ProbeReport> reports = (List<ProbeReport>) o;
        if (reports == null || reports.size() != targets.size()) {
            log.warn("probe {} answered {} reports for {} targets", job.kind(),
                    reports == null ? 0 : reports.size(), targets.size());
            return faults(job, "probe answered the wrong number of reports");
        }
        double wall = ProbeReport.millisSince(start);
        List<ProbeResult> results = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            ProbeReport r = reports.get(i);
            if (r == null) {
                results.add(ProbeResult.fault(job.lease(), targets.get(i).id(), "probe gave no report"));
                continue;
            }
            Double latency = r.latencyMs();
            if (r.up() && latency == null) {
                latency = wall;
            }
            results.add(ProbeResult.of(job.lease(), targets.get(i).id(), r.up(), latency,
                    r.up() ? null : (r.error() == null ? "down" : r.error()), r.detail()));
        }
        return results;
    }

    private static List<ProbeResult> downs(Job job, String reason, long start) {
        List<ProbeResult> out = new ArrayList<>();
        for (JobTarget t : job.targets()) {
            out.add(ProbeResult.of(job.lease(), t.id(), false, null, reason, Map.of()));
        }
        return out;
    }

    /** Results that say the worker could not run the check: they do not count against the target. */
    static List<ProbeResult> faults(Job job, String reason) {
        List<ProbeResult> out = new ArrayList<>();
        for (JobTarget t : job.targets()) {
            out.add(ProbeResult.fault(job.lease(), t.id(), reason));
        }
        return out;
    }
}
