package dogdorm.worker.probe;

import dogdorm.common.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one map from kind to probe (like blackbox_exporter's prober table). */
public final class Probes {
    private static final Logger log = LoggerFactory.getLogger(Probes.class);
    private final Map<Kind, Probe> byKind;

    public Probes(List<Probe> probes) {
        Map<Kind, Probe> m = new EnumMap<>(Kind.class);
        for (Probe p : probes) {
            if (m.put(p.kind(), p) != null) {
                throw new IllegalArgumentException("two probes for kind " + p.kind());
            }
        }
        this.byKind = Collections.unmodifiableMap(m);
    }

    /** Every probe this worker ships, wired to one resolver; ping only where the system has a ping program. */
    public static Probes standard(Resolver resolver) {
        return standard(resolver, DnsProbe.DEFAULT_NAME);
    }

    /** As {@link #standard(Resolver)}, with the name DNS checks ask for when a target names none. */
    public static Probes standard(Resolver resolver, String dnsName) {
        List<Probe> probes = new ArrayList<>(List.of(new TcpProbe(resolver), new StunProbe(resolver),
                new StunChangeProbe(resolver), new TurnProbe(resolver), new MqttProbe(resolver),
                new NtpProbe(resolver), new DnsProbe(resolver, dnsName)));
        PingProbe.systemPing().ifPresentOrElse(ping -> probes.add(new PingProbe(resolver, ping)),
                () -> log.warn("no ping program found: this worker will not take ping checks"));
        return new Probes(probes);
    }

    public Probe get(Kind kind) {
        return byKind.get(kind);
    }

    public Set<Kind> kinds() {
        return byKind.keySet();
    }
}
