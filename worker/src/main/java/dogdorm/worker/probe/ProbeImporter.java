package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validates a TURN, MQTT or NTP candidate with one normal check: up means one service of the same kind. */
public final class ProbeImporter implements Importer {
    private final Probe probe;

    public ProbeImporter(Probe probe) {
        this.probe = probe;
    }

    @Override
    public Kind kind() {
        return probe.kind();
    }

    @Override
    public ProbeReport validate(JobTarget candidate, Duration timeout) throws Exception {
        ProbeReport r = probe.check(candidate, timeout);
        if (!r.up()) {
            return r;
        }
        Map<String, Object> detail = new LinkedHashMap<>(r.detail());
        detail.put("services", List.of(Map.of("kind", candidate.kind().wire(), "transport",
                candidate.transport().wire())));
        return new ProbeReport(true, r.latencyMs(), null, detail);
    }
}
