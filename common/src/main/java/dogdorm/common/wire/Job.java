package dogdorm.common.wire;

import dogdorm.common.Kind;
import java.time.Instant;
import java.util.List;

/**
 * One leased piece of work: the targets of one group, checked together by one probe kind.
 * The worker answers with one {@link ProbeResult} per target, quoting the lease, before {@code deadline}.
 * {@code task} says what is asked ({@link Task}); absent on the wire, it is a check.
 */
public record Job(String lease, Kind kind, Task task, List<JobTarget> targets, Instant deadline) {

    public Job {
        Check.text(lease, "lease", 100);
        Check.present(kind, "kind");
        task = task == null ? Task.CHECK : task;
        Check.present(targets, "targets");
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets: empty");
        }
        targets = List.copyOf(targets);
        Check.present(deadline, "deadline");
    }
}
