package dogdorm.dealer.results;

import dogdorm.common.wire.ProbeResult;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Target;
import java.time.Instant;

/**
 * Told once per confirmed state change of a target (after the thresholds), under the dealer's lock: keep it short
 * (write a record, enqueue a notification).
 */
@FunctionalInterface
public interface StateListener {
    void changed(Target target, State from, State to, ProbeResult cause, String worker, Instant at);
}
