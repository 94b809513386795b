package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;
import java.util.Map;

/** A probe for tests and benchmarks: answers whatever {@code answer} says, without touching the network. */
public record FakeProbe(Kind kind, Answer answer) implements Probe {
    /** What the fake says for one target; it may throw, as a real probe may. */
    @FunctionalInterface
    public interface Answer {
        ProbeReport check(JobTarget target, Duration timeout) throws Exception;
    }

    /** A probe that finds every target up with this latency and nothing more to say. */
    public static FakeProbe alwaysUp(Kind kind, double latencyMs) {
        return new FakeProbe(kind, (target, timeout) -> ProbeReport.up(latencyMs, Map.of()));
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        return answer.check(target, timeout);
    }
}
