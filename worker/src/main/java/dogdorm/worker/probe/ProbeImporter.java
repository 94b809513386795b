package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.JobTarget;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

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
        String ip;
        try {
            ip = Addresses.canonical(resolver.addressOf(candidate));
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        // checked at the address it resolved to once, so the service found is the one at that address
        ProbeReport r = probe.check(candidate.at(candidate.kind(), candidate.transport(), ip, candidate.port()),
                timeout);
        if (!r.up()) {
            return r;
        }
        return r.with(new ImportFindings(ip, List.of(FoundService.of(candidate.kind(), candidate.transport())))
                .toDetail());
    }
}
