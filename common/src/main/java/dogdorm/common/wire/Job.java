package dogdorm.common.wire;

import dogdorm.common.Kind;
import java.time.Instant;
import java.util.List;

/**
 * One leased piece of work: the targets of one group, checked together by one probe kind.
 * The worker answers with one {@link ProbeResult} per target, quoting the lease, before {@code deadline}.
 * {@code task} is {@code check} for a normal service check, {@code import} to validate a list row, {@code resolve}
 * to resolve a host name.
 */
public record Job(String lease, Kind kind, String task, List<JobTarget> targets, Instant deadline) {
    public static final String TASK_CHECK = "check";
    /** Validate a list row before it becomes services (STUN: classify it); detail "services" says what was found. */
    public static final String TASK_IMPORT = "import";
    /** Resolve a host name (kind resolve); detail "addresses" lists what it resolved to. */
    public static final String TASK_RESOLVE = "resolve";

    public Job {
        Check.text(lease, "lease", 100);
        Check.present(kind, "kind");
        task = task == null ? TASK_CHECK : task;
        Check.present(targets, "targets");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets: empty");
        }
        targets = List.copyOf(targets);
        Check.present(deadline, "deadline");
    }
}
