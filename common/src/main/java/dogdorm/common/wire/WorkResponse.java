package dogdorm.common.wire;

import java.util.List;

/** The answer to {@code POST /api/work}: the jobs dealt, empty when nothing is due. */
public record WorkResponse(List<Job> jobs) {
    public WorkResponse {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }
}
