package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.worker.probe.icmp.IcmpEcho;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one map from kind to probe (like blackbox_exporter's prober table). */
public final class Probes {
    private static final Logger log = LoggerFactory.getLogger(Probes.class);
    private final Map<Kind, Probe> byKind;
    private final Map<Kind, Importer> importers;

    public Probes(List<Probe> probes) {
        this(probes, List.of());
    }

    public Probes(List<Probe> probes, List<Importer> importers) {
        this.byKind = byKind(probes, Probe::kind, "probes");
        this.importers = byKind(importers, Importer::kind, "importers");
    }

    private static <T> Map<Kind, T> byKind(List<T> items, Function<T, Kind> kindOf, String what) {
        Map<Kind, T> m = new EnumMap<>(Kind.class);
        for (T item : items) {
            if (m.put(kindOf.apply(item), item) != null) {
                throw new IllegalArgumentException("two " + what + " for kind " + kindOf.apply(item));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every probe this worker ships, wired to one resolver; ping only where the system has a ping program. */
    public static Probes standard(Resolver resolver) {
        return standard(resolver, DnsProbe.DEFAULT_NAME);
    }

    /** As {@link #standard(Resolver)}, with the name DNS checks ask for when a target names none. */
    public static Probes standard(Resolver resolver, String dnsName) {
        StunProbe stun = new StunProbe(resolver);
        StunChangeProbe change = new StunChangeProbe(resolver);
        TurnProbe turn = new TurnProbe(resolver);
        MqttProbe mqtt = new MqttProbe(resolver);
        NtpProbe ntp = new NtpProbe(resolver);
        List<Probe> probes = new ArrayList<>(List.of(new TcpProbe(resolver), stun, change, turn, mqtt, ntp,
                new DnsProbe(resolver, dnsName), new ResolveProbe(resolver)));
        IcmpEcho echo = IcmpEcho.open("auto").orElse(null);
        Path system = PingProbe.systemPing().orElse(null);
        if (echo != null || system != null) {
            probes.add(new PingProbe(resolver, echo, system));
        } else {
            log.warn("no ICMP socket and no ping program: this worker will not take ping checks");
        }
        return new Probes(probes, List.of(new StunClassifier(stun, change, resolver),
                new ProbeImporter(turn, resolver), new ProbeImporter(mqtt, resolver), new ProbeImporter(ntp, resolver)));
    }

    /** The importer that validates candidates of a kind, or null. */
    public Importer importer(Kind kind) {
        return importers.get(kind);
    }

    public Probe get(Kind kind) {
        return byKind.get(kind);
    }

    public Set<Kind> kinds() {
        return byKind.keySet();
    }
}
