package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import java.net.UnknownHostException;
import dogdorm.common.wire.JobTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a TURN, MQTT or NTP candidate with one normal check: up means one service of the same kind, at the
 * address the candidate was checked at.
 */
public final class ProbeImporter implements Importer {
    private final Probe probe;
    private final Resolver resolver;

    public ProbeImporter(Probe probe, Resolver resolver) {
        this.probe = probe;
        this.resolver = resolver;
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
        try {
            detail.put("address", Addresses.canonical(resolver.addressOf(candidate)));
        } catch (UnknownHostException e) {
            // checked a moment ago: the dealer keeps the host name and resolves it later
        }
        detail.put("services", List.of(Map.of("kind", candidate.kind().wire(), "transport",
                candidate.transport().wire())));
        return new ProbeReport(true, r.latencyMs(), null, detail);
    }
}
