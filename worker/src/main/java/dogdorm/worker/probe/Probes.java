package dogdorm.worker.probe;

import dogdorm.common.Kind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The one map from kind to probe (like blackbox_exporter's prober table). */
public final class Probes {
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

    /** Every probe this worker ships, wired to one resolver. */
    public static Probes standard(Resolver resolver) {
        return new Probes(List.of(new TcpProbe(resolver), new MqttProbe(resolver),
                new NtpProbe(resolver), new DnsProbe(resolver)));
    }

    public Probe get(Kind kind) {
        return byKind.get(kind);
    }

    public Set<Kind> kinds() {
        return byKind.keySet();
    }
}
