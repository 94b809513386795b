package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;

/**
 * Validates a list row (a candidate) before the dealer makes services of it. Up when at least one service was
 * found, with {@link ImportFindings} in the detail (written with {@link ImportFindings#toDetail()}, never by hand):
 * the IP the candidate was checked at and the services found there. Down with the reasons when nothing was found.
 */
public interface Importer {

    Kind kind();

    ProbeReport validate(JobTarget candidate, Duration timeout) throws Exception;
}
