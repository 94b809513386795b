package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.Endpoint;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.JobTarget;
import dogdorm.worker.probe.codec.Endpoints;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * group of four services. One candidate may yield all of these. The three run at once, each within the one
 * timeout: the group test is run once, from P alone, and its four reports say whether every member answers.
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
    public ProbeReport validate(JobTarget c, Duration timeout) throws Exception {
        InetAddress address;
        try {
            address = resolver.addressOf(c);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        String ip = Addresses.canonical(address);
        JobTarget udp = c.at(Kind.STUN, Transport.UDP, ip, c.port());
        JobTarget tcp = c.at(Kind.STUN, Transport.TCP, ip, c.port());
        JobTarget primary = c.at(Kind.STUN_CHANGE, Transport.UDP, ip, c.port());
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ProbeReport> u = lanes.submit(safely(() -> stun.check(udp, timeout)));
            Future<ProbeReport> t = lanes.submit(safely(() -> stun.check(tcp, timeout)));
            Future<StunChangeProbe.Discovery> p = lanes.submit(() -> discover(primary, timeout));
            List<FoundService> services = new ArrayList<>();
            Map<String, Object> detail = new LinkedHashMap<>();
            List<String> reasons = new ArrayList<>();
            ProbeReport ur = u.get(), tr = t.get();
            StunChangeProbe.Discovery found = p.get();
            ProbeReport pr = found.reports().get(0);
            if (ur.up()) {
                services.add(FoundService.of(Kind.STUN, Transport.UDP));
                detail.put("mapped_address", ur.detail().get("mapped_address"));
            } else {
                reasons.add("udp: " + ur.error());
            }
            if (tr.up()) {
                services.add(FoundService.of(Kind.STUN, Transport.TCP));
            } else {
                reasons.add("tcp: " + tr.error());
            }
            // the group test passes when P passed the change requests and every member answered for itself
            if (found.reports().stream().allMatch(ProbeReport::up)) {
                List<Endpoint> ms = new ArrayList<>();
                for (InetSocketAddress m : found.members()) {
                    ms.add(new Endpoint(Addresses.canonical(m.getAddress()), m.getPort()));
                }
                services.add(FoundService.changeGroup(ms));
                detail.put("changed_address", Endpoints.text(found.members().get(3)));
            } else {
                reasons.add("rfc3489: " + found.reports().stream().filter(r -> !r.up()).findFirst()
                        .map(ProbeReport::error).orElse(""));
            }
            detail.putAll(new ImportFindings(ip, services).toDetail());
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

    private StunChangeProbe.Discovery discover(JobTarget primary, Duration timeout) {
        try {
            return change.discover(primary, timeout);
        } catch (Exception e) {
            return StunChangeProbe.Discovery.down(ProbeReport.describe(e), Map.of());
        }
    }

    private static Callable<ProbeReport> safely(Callable<ProbeReport> check) {
        return () -> {
            try {
                return check.call();
            } catch (Exception e) {
                return ProbeReport.down(ProbeReport.describe(e));
            }
        };
    }
}
