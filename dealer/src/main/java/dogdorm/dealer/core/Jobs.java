package dogdorm.dealer.core;

import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.Task;
import dogdorm.dealer.schedule.Lease;
import dogdorm.dealer.schedule.Unit;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.table.TargetTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker is sent for a lease (a {@link Job} of the unit's members, with their credentials and options), and
 * how long a lease of a unit must last: at least its members' own timeouts one after another and a margin, so a
 * row whose {@code timeout=} is longer than {@code --lease-timeout} still has its failure counted. Used under the
 * core's lock.
 */
final class Jobs {
    /** Time for a worker to post what it found, on top of the probes' own timeouts. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    /** An import runs several probes of its row (STUN: UDP and TCP Binding, and an RFC 3489 group of four). */
    static final int IMPORT_PROBES = 6;

    private final TargetTable table;
    private final Lists lists;

    Jobs(TargetTable table, Lists lists) {
        this.table = table;
        this.lists = lists;
    }

    /** The job of a lease, or null when every member went between dealing and answering. */
    Job of(Lease l) {
        Unit u = l.unit();
        Instant deadline = Instant.ofEpochMilli(l.deadline());
        if (u.task() != Task.CHECK) {
            JobTarget member = lists.jobTarget(u.task(), u.members()[0]);
            return member == null ? null : new Job(l.id(), u.kind(), u.task(), List.of(member), deadline);
        }
        List<JobTarget> targets = new ArrayList<>();
        for (long id : u.members()) {
            Target t = table.get(id);
            if (t != null) {
                TargetSpec s = t.spec();
                targets.add(new JobTarget(t.id(), s.kind(), s.family(), s.transport(), s.host(), s.ip(), s.port(),
                        s.user(), s.password(), s.timeoutMs(), s.options(), lists.publicOnly(s)));
            }
        }
        return targets.isEmpty() ? null : new Job(l.id(), u.kind(), Task.CHECK, targets, deadline);
    }

    /** The shortest lease for checking these members: their timeouts one after another, and the margin. */
    static long minLeaseMs(List<TargetSpec> members) {
        long sum = 0;
        for (TargetSpec s : members) {
            sum += timeoutMs(s);
        }
        return sum + MARGIN.toMillis();
    }

    /** The shortest lease for importing one row. */
    static long minImportLeaseMs(TargetSpec row) {
        return IMPORT_PROBES * timeoutMs(row) + MARGIN.toMillis();
    }

    private static long timeoutMs(TargetSpec s) {
        return s.timeoutMs() != null ? s.timeoutMs() : JobTarget.DEFAULT_TIMEOUT_MS;
    }
}
