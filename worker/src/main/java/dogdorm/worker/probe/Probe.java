package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One protocol's check. Implementations are one class per protocol ({@link TcpProbe}, ...), hold no per-check
 * state and are shared by all lanes. The {@link dogdorm.worker.run.ProbeRunner} owns the timeout, the timing and
 * the final verdict: a probe only speaks its protocol and describes what it saw. A probe may throw; the runner
 * turns any exception into a "down" with the exception's message.
 */
public interface Probe {

    Kind kind();

    /**
     * Checks one target. The probe must give up on its own within {@code timeout} (socket timeouts); the runner
     * also cuts it off shortly after.
     */
    ProbeReport check(JobTarget target, Duration timeout) throws Exception;

    /**
     * Checks the members of one group job and returns one report per member, in order. By default each member
     * is checked alone, one after another, sharing the timeout; a protocol whose members answer for each other
     * (the RFC 3489 change test) overrides this.
     */
    default List<ProbeReport> checkGroup(List<JobTarget> members, Duration timeout) throws Exception {
        List<ProbeReport> reports = new ArrayList<>(members.size());
        for (JobTarget member : members) {
            reports.add(check(member, timeout));
        }
        return reports;
    }
}
