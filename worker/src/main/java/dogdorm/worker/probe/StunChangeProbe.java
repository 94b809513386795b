package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.Endpoints;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stun-change}: the RFC 3489 "test NAT" group, a server that answers from two IPs and two ports. A group
 * job lists its four members in this order: primary {@code P} = ip:port, {@code Pa} = ip:alt-port, {@code A} =
 * alt-ip:port, {@code Aa} = alt-ip:alt-port, all over UDP. Every request is RFC 3489 style (no magic cookie, the
 * style these servers answer with CHANGED-ADDRESS), sent from an unconnected socket.
 *
 * <p>The group test, as the original Dogdorm did it:
 * <ol>
 *   <li>a plain Binding request to P is answered from P with a mapped address;</li>
 *   <li>CHANGE-REQUEST "change port" sent to P is answered from Pa;</li>
 *   <li>CHANGE-REQUEST "change IP and port" sent to P is answered from Aa.</li>
 * </ol>
 * Alongside 2 and 3, a plain request goes to each of Pa, A and Aa. Everything shares the one timeout (steps 2
 * and 3 and the plain requests run at once; once step 2 or 3 fails, the rest is abandoned).
 *
 * <p><b>What makes each member up.</b> A member is only worth listing as part of a working group, so every
 * member needs the group test to pass; if it fails, all four are down with the reason (e.g. "change port: reply
 * came from 127.0.0.1:3478, expected 127.0.0.1:3479"). Beyond that:
 * <ul>
 *   <li>P is up when the group test passes (P is the endpoint that answered all three steps); its latency is
 *       the RTT of step 1;</li>
 *   <li>Pa, A and Aa are each up when, in addition, a plain request sent to that member is answered from that
 *       member's own address; the latency is that request's RTT.</li>
 * </ul>
 * Primary and alternate IP must differ, as must primary and alternate port, and the four members must have the
 * shape above; otherwise all four are down with the reason, before anything is sent.
 *
 * <p>A single target ({@link #check}) is taken as P: the alternate endpoint is read from the CHANGED-ADDRESS of
 * P's classic answer (or, failing that, the OTHER-ADDRESS of an RFC 5780 answer), and the group test is run on
 * the four endpoints this gives. The report is P's.
 *
 * <p>Details on P: {@code mapped_address}, {@code changed_address} / {@code other_address} (as the server sent
 * them), {@code software}, and where the change replies came from ({@code change_port_from},
 * {@code change_ip_port_from}). On the other members, once the group test passed: {@code mapped_address} from
 * their own answer (and whatever else {@link StunProbe} reports of a Binding answer).
 */
public final class StunChangeProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(StunChangeProbe.class);
    static final String[] ROLES = {"primary", "primary ip, alt port", "alt ip, primary port", "alt ip, alt port"};

    private final Resolver resolver;

    public StunChangeProbe(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.STUN_CHANGE;
    }

    /** The four endpoints of a group, in job order. */
    record Group(InetSocketAddress primary, InetSocketAddress primaryAltPort, InetSocketAddress alt,
                 InetSocketAddress altAltPort) {
        List<InetSocketAddress> members() {
            return List.of(primary, primaryAltPort, alt, altAltPort);
        }

        /**
         * Why these four are not a usable group, or null. The primary fixes ip and port, member 2 the alt port,
         * member 3 the alt ip; the rest must agree.
         */
        String whyNot() {
            InetAddress ip = primary.getAddress();
            InetAddress altIp = alt.getAddress();
            int port = primary.getPort();
            int altPort = primaryAltPort.getPort();
            if (!primaryAltPort.getAddress().equals(ip)) {
                return "member 2 is " + Endpoints.text(primaryAltPort) + ", but the " + ROLES[1]
                        + " member must have the primary's IP " + Addresses.canonical(ip);
            }
            if (alt.getPort() != port) {
                return "member 3 is " + Endpoints.text(alt) + ", but the " + ROLES[2]
                        + " member must have the primary's port " + port;
            }
            InetSocketAddress want = new InetSocketAddress(altIp, altPort);
            if (!altAltPort.equals(want)) {
                return "member 4 is " + Endpoints.text(altAltPort) + ", but the " + ROLES[3] + " member of this group is "
                        + Endpoints.text(want);
            }
            if (Addresses.family(ip) != Addresses.family(altIp)) {
                return "primary " + Endpoints.text(primary) + " and alternate " + Endpoints.text(alt)
                        + " are of different address families";
            }
            if (ip.equals(altIp)) {
                return "primary and alternate IP are the same (" + Addresses.canonical(ip)
                        + "): the change-IP test needs two";
            }
            if (port == altPort) {
                return "primary and alternate port are the same (" + port + "): the change-port test needs two";
            }
            return null;
        }
    }

    /** One request and what became of it. {@code failure} is null when it was answered as expected. */
    record Leg(StunClient.Reply reply, String failure) {
        boolean ok() {
            return failure == null;
        }

        Map<String, Object> detail() {
            return reply == null ? Map.of() : StunProbe.details(reply.message());
        }
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        return discover(target, timeout).reports().get(0);
    }

    /**
     * What the group test found from P alone: the members (P, Pa, A, Aa) with their four reports, or no members
     * and P's report alone when there is no usable alternate address.
     */
    record Discovery(List<InetSocketAddress> members, List<ProbeReport> reports) {
        static Discovery down(String reason, Map<String, Object> detail) {
            return new Discovery(List.of(), List.of(ProbeReport.down(reason, detail)));
        }
    }

    /** The group test from P alone ({@link #check} keeps P's report; the STUN importer keeps them all). */
    Discovery discover(JobTarget target, Duration timeout) throws Exception {
        TimeBudget budget = TimeBudget.of(timeout);
        if (target.transport() != Transport.UDP) {
            return Discovery.down("stun-change runs over UDP only, not " + target.transport(), Map.of());
        }
        InetSocketAddress primary;
        try {
            primary = new InetSocketAddress(resolver.addressOf(target), target.port());
        } catch (UnknownHostException e) {
            return Discovery.down("cannot resolve: " + e.getMessage(), Map.of());
        }
        Leg first = send("plain request", primary, false, false, primary, budget);
        if (!first.ok()) {
            return Discovery.down(first.failure(), first.detail());
        }
        StunMessage answer = first.reply().message();
        InetSocketAddress named = answer.address(AttributeType.CHANGED_ADDRESS).orElse(null);
        Map<String, Object> extra = new LinkedHashMap<>();
        if (named == null) {
            Leg modern = sendModern(primary, budget);
            named = modern.ok() ? modern.reply().message().address(AttributeType.OTHER_ADDRESS).orElse(null) : null;
            if (modern.ok()) {
                extra.putAll(modern.detail());
            }
        }
        if (named == null) {
            return Discovery.down("the server names no alternate address (no CHANGED-ADDRESS, no OTHER-ADDRESS): "
                    + "it does not do the RFC 3489 change test", first.detail());
        }
        if (named.equals(primary)) {
            return Discovery.down("the server names itself (" + Endpoints.text(named) + ") as its alternate "
                    + "address: it does not do the RFC 3489 change test", first.detail());
        }
        String refused = target.publicOnly() ? Addresses.whyNotPublic(named.getAddress()) : null;
        if (refused != null) {
            // any server can name any address: one that names private space must not aim workers at it
            return Discovery.down("the server names " + Endpoints.text(named) + " as its alternate address, "
                    + Addresses.aReason(refused) + ": refused by the public-server policy, nothing sent there",
                    first.detail());
        }
        Group group = new Group(primary, new InetSocketAddress(primary.getAddress(), named.getPort()),
                new InetSocketAddress(named.getAddress(), primary.getPort()), named);
        String why = group.whyNot();
        if (why != null) {
            return Discovery.down("alternate address " + Endpoints.text(named) + " is unusable: " + why,
                    first.detail());
        }
        List<ProbeReport> reports = new ArrayList<>(run(group, first, budget));
        ProbeReport p = reports.get(0);
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            if (!p.detail().containsKey(e.getKey())) {
                p = p.with(e.getKey(), e.getValue());
            }
        }
        reports.set(0, p);
        return new Discovery(List.of(group.primary(), group.primaryAltPort(), group.alt(), group.altAltPort()),
                reports);
    }

    @Override
    public List<ProbeReport> checkGroup(List<JobTarget> members, Duration timeout) throws Exception {
        if (members.size() == 1) {
            return List.of(check(members.get(0), timeout));
        }
        TimeBudget budget = TimeBudget.of(timeout);
        if (members.size() != 4) {
            return allDown(members.size(), "a stun-change group has 4 members (ip:port, ip:alt-port, alt-ip:port, "
                    + "alt-ip:alt-port), this one has " + members.size());
        }
        List<InetSocketAddress> endpoints = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            JobTarget m = members.get(i);
            if (m.transport() != Transport.UDP) {
                return allDown(4, "stun-change runs over UDP only, member " + (i + 1) + " says " + m.transport());
            }
            try {
                endpoints.add(new InetSocketAddress(resolver.addressOf(m), m.port()));
            } catch (UnknownHostException e) {
                return allDown(4, "member " + (i + 1) + " (" + m.name() + "): cannot resolve: " + e.getMessage());
            }
        }
        Group group = new Group(endpoints.get(0), endpoints.get(1), endpoints.get(2), endpoints.get(3));
        String why = group.whyNot();
        if (why != null) {
            return allDown(4, why);
        }
        Leg first = send("plain request", group.primary(), false, false, group.primary(), budget);
        return run(group, first, budget);
    }

    /** Runs the group test after step 1 ({@code first}) and turns it into four reports. */
    private List<ProbeReport> run(Group g, Leg first, TimeBudget budget) throws InterruptedException {
        if (!first.ok()) {
            return allDown(4, first.failure());
        }
        Leg changePort;
        Leg changeBoth;
        List<Leg> own = new ArrayList<>(3);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Leg> port = pool.submit(() -> send("change port", g.primary(), false, true, g.primaryAltPort(), budget));
            Future<Leg> both = pool.submit(() -> send("change ip and port", g.primary(), true, true, g.altAltPort(), budget));
            List<Future<Leg>> plain = new ArrayList<>(3);
            for (InetSocketAddress member : List.of(g.primaryAltPort(), g.alt(), g.altAltPort())) {
                plain.add(pool.submit(() -> send("plain request", member, false, false, member, budget)));
            }
            changePort = join(port);
            changeBoth = changePort.ok() ? join(both) : new Leg(null, "not needed");
            if (changePort.ok() && changeBoth.ok()) {
                for (Future<Leg> f : plain) {
                    own.add(join(f));
                }
            } else {
                pool.shutdownNow(); // the group is down whatever the members say: stop waiting for them
            }
        }
        String gateFailure = !changePort.ok() ? changePort.failure() : !changeBoth.ok() ? changeBoth.failure() : null;

        Map<String, Object> primaryDetail = new LinkedHashMap<>(first.detail());
        if (changePort.reply() != null) {
            primaryDetail.put("change_port_from", Endpoints.text(changePort.reply().from()));
        }
        if (changeBoth.reply() != null) {
            primaryDetail.put("change_ip_port_from", Endpoints.text(changeBoth.reply().from()));
        }
        List<ProbeReport> reports = new ArrayList<>(4);
        reports.add(gateFailure == null ? ProbeReport.up(first.reply().rttMs(), primaryDetail)
                : ProbeReport.down(gateFailure, primaryDetail));
        for (int i = 0; i < 3; i++) {
            if (gateFailure != null) {
                reports.add(ProbeReport.down(gateFailure));
                continue;
            }
            Leg leg = own.get(i);
            reports.add(leg.ok() ? ProbeReport.up(leg.reply().rttMs(), leg.detail())
                    : ProbeReport.down(leg.failure(), leg.detail()));
        }
        log.debug("stun-change {}: {}", Endpoints.text(g.primary()), gateFailure == null ? "group works" : gateFailure);
        return reports;
    }

    private static Leg join(Future<Leg> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            return new Leg(null, "internal error: " + e.getCause());
        }
    }

    /** Sends one classic Binding request (with CHANGE-REQUEST when asked) and checks where the answer came from. */
    private static Leg send(String name, InetSocketAddress to, boolean changeIp, boolean changePort,
                            InetSocketAddress expectedFrom, TimeBudget budget) {
        StunMessage.Builder b = StunMessage.classicRequest(StunMethod.BINDING);
        if (changeIp || changePort) {
            b.add(new StunAttribute.ChangeRequest(changeIp, changePort));
        }
        String label = name.equals("plain request") ? "plain request to " + Endpoints.text(to) : name;
        try {
            StunClient.Reply r = StunClient.transact(Transport.UDP, to, b.build(), budget.remaining());
            StunMessage m = r.message();
            if (m.messageClass() == MessageClass.ERROR_RESPONSE) {
                return new Leg(r, label + ": server answered " + StunProbe.clean(m.summary()));
            }
            if (!r.from().equals(expectedFrom)) {
                return new Leg(r, label + ": reply came from " + Endpoints.text(r.from()) + ", expected "
                        + Endpoints.text(expectedFrom));
            }
            if (m.mappedAddress().isEmpty()) {
                return new Leg(r, label + ": success response without a mapped address");
            }
            return new Leg(r, null);
        } catch (IOException e) {
            return new Leg(null, label + ": " + StunClient.describe(e));
        }
    }

    /** An RFC 5389/5780 Binding request, whose answer names the alternate endpoint in OTHER-ADDRESS. */
    private static Leg sendModern(InetSocketAddress to, TimeBudget budget) {
        try {
            StunClient.Reply r = StunClient.transact(Transport.UDP, to, StunMessage.request(StunMethod.BINDING).build(),
                    budget.remaining());
            return r.message().messageClass() == MessageClass.SUCCESS_RESPONSE ? new Leg(r, null)
                    : new Leg(r, StunProbe.clean(r.message().summary()));
        } catch (IOException e) {
            return new Leg(null, StunClient.describe(e));
        }
    }

    private static List<ProbeReport> allDown(int n, String reason) {
        return Collections.nCopies(n, ProbeReport.down(reason));
    }
}
