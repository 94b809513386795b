package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;

/**
 * Validates a list row (a candidate) before the dealer makes services of it. Up when at least one service was
 * found, with detail {@code services}: a list of {@code {"kind", "transport"}} maps (the candidate's address and
 * port), or for an RFC 3489 change group {@code {"kind": "stun-change", "members": [{"ip", "port"} x 4]}}; and
 * {@code address}, the IP the candidate was checked at. Down with the reasons when nothing was found.
 */
public interface Importer {

    Kind kind();

    ProbeReport validate(JobTarget candidate, Duration timeout) throws Exception;
}
