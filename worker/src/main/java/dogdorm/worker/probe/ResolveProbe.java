package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.Resolution;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code resolve}: not a check of a server but the dealer's DNS aliases: resolves the job's host name for its
 * family (A for 4, AAAA for 6) with the worker's resolver. Up with a {@link Resolution} (every address, in the
 * resolver's order); down with the reason when the name does not resolve.
 */
public final class ResolveProbe implements Probe {
    private final Resolver resolver;

    public ResolveProbe(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.RESOLVE;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) {
        if (target.host() == null || target.host().isBlank()) {
            return ProbeReport.down("no host name to resolve");
        }
        long start = System.nanoTime();
        try {
            List<String> addresses = new ArrayList<>();
            for (InetAddress a : resolver.resolveAll(target.host(), target.family())) {
                String text = Addresses.canonical(a);
                if (!addresses.contains(text)) {
                    addresses.add(text);
                }
            }
            return ProbeReport.up(ProbeReport.millisSince(start), new Resolution(addresses).toDetail());
        } catch (UnknownHostException e) {
            return ProbeReport.down(e.getMessage());
        }
    }
}
