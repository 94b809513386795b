package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Classifies a STUN candidate the way the original did: an RFC 5389 Binding over UDP makes a {@code stun} UDP
 * service, one over TCP a {@code stun} TCP service, and RFC 3489 support (a classic answer naming a
 * CHANGED-ADDRESS, and all four endpoints passing {@link StunChangeProbe}'s group test) a {@code stun-change}
 * group of four services. One candidate may yield all of these. The three first steps run at once; the group
 * test follows the answer that named the alternate endpoint, so a validation takes at most two timeouts.
 */
public final class StunClassifier implements Importer {
    private final StunProbe stun;
    private final StunChangeProbe change;
    private final Resolver resolver;

    public StunClassifier(StunProbe stun, StunChangeProbe change, Resolver resolver) {
        this.stun = stun;
        this.change = change;
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.STUN;
    }

    @Override
    public Duration limit(Duration timeout) {
        return timeout.multipliedBy(2);
    }

    @Override
    public ProbeReport validate(JobTarget c, Duration timeout) throws Exception {
        InetAddress address;
        try {
            address = resolver.addressOf(c);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        String ip = Addresses.canonical(address);
        JobTarget udp = copy(c, Kind.STUN, Transport.UDP, ip, c.port());
        JobTarget tcp = copy(c, Kind.STUN, Transport.TCP, ip, c.port());
        JobTarget primary = copy(c, Kind.STUN_CHANGE, Transport.UDP, ip, c.port());
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ProbeReport> u = lanes.submit(safely(() -> stun.check(udp, timeout)));
            Future<ProbeReport> t = lanes.submit(safely(() -> stun.check(tcp, timeout)));
            Future<ProbeReport> p = lanes.submit(safely(() -> change.check(primary, timeout)));
            List<Object> services = new ArrayList<>();
            Map<String, Object> detail = new LinkedHashMap<>();
            List<String> reasons = new ArrayList<>();
            ProbeReport ur = u.get(), tr = t.get(), pr = p.get();
            if (ur.up()) {
                services.add(Map.of("kind", "stun", "transport", "udp"));
                detail.put("mapped_address", ur.detail().get("mapped_address"));
            } else {
                reasons.add("udp: " + ur.error());
            }
            if (tr.up()) {
                services.add(Map.of("kind", "stun", "transport", "tcp"));
            } else {
                reasons.add("tcp: " + tr.error());
            }
            Object changed = pr.detail().getOrDefault("changed_address", pr.detail().get("other_address"));
            if (pr.up() && changed instanceof String alt) {
                // the group test on P alone passed; confirm every member answers for itself
                List<JobTarget> members = group(c, ip, alt);
                List<ProbeReport> reports = members == null ? List.of() : change.checkGroup(members, timeout);
                boolean all = !reports.isEmpty() && reports.stream().allMatch(ProbeReport::up);
                if (all) {
                    List<Map<String, Object>> ms = new ArrayList<>();
                    for (JobTarget m : members) {
                        ms.add(Map.of("ip", m.ip(), "port", m.port()));
                    }
                    services.add(Map.of("kind", "stun-change", "members", ms));
                    detail.put("changed_address", alt);
                } else {
                    reasons.add("rfc3489: " + (reports.isEmpty() ? "alternate endpoint " + alt + " is unusable"
                            : reports.stream().filter(r -> !r.up()).findFirst().map(ProbeReport::error).orElse("")));
                }
            } else {
                reasons.add("rfc3489: " + (pr.up() ? "no CHANGED-ADDRESS" : pr.error()));
            }
            detail.put("address", ip);
            detail.put("services", services);
            if (!reasons.isEmpty()) {
                detail.put("not_found", reasons);
            }
            if (services.isEmpty()) {
                return ProbeReport.down(String.join("; ", reasons), detail);
            }
            Double latency = ur.up() ? ur.latencyMs() : tr.up() ? tr.latencyMs() : pr.latencyMs();
            return new ProbeReport(true, latency, null, detail);
        }
    }

    /** The four members P, Pa, A, Aa from the primary and the alternate "ip:port" (or "[v6]:port"), or null. */
    static List<JobTarget> group(JobTarget c, String ip, String alt) {
        int colon = alt.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String altIp = alt.substring(0, colon).replace("[", "").replace("]", "");
        int altPort;
        try {
            altPort = Integer.parseInt(alt.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (!Addresses.isLiteral(altIp)) {
            return null;
        }
        String a = Addresses.canonical(Addresses.parse(altIp));
        return List.of(copy(c, Kind.STUN_CHANGE, Transport.UDP, ip, c.port()),
                copy(c, Kind.STUN_CHANGE, Transport.UDP, ip, altPort),
                copy(c, Kind.STUN_CHANGE, Transport.UDP, a, c.port()),
                copy(c, Kind.STUN_CHANGE, Transport.UDP, a, altPort));
    }

    private static JobTarget copy(JobTarget c, Kind kind, Transport transport, String ip, int port) {
        return new JobTarget(c.id(), kind, c.family(), transport, c.host(), ip, port, c.user(), c.password(),
                c.timeoutMs(), c.options());
    }

    private static Callable<ProbeReport> safely(Callable<ProbeReport> check) {
        return () -> {
            try {
                return check.call();
            } catch (Exception e) {
                String m = e.getMessage();
                return ProbeReport.down(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
            }
        };
    }
}
