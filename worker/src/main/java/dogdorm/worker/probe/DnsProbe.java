package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.common.wire.JobTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@code dns}: asks the target server one recursive question over the target's transport (UDP, or TCP) and
 * judges the reply. The question is the option {@code name} (default {@value #DEFAULT_NAME}), type A for an
 * IPv4 target and AAAA for an IPv6 one.
 *
 * <p>Up means a valid reply (a response to our id and our question) with rcode NOERROR or NXDOMAIN: a server that
 * says a name does not exist is alive and answering. REFUSED, SERVFAIL, FORMERR and every other rcode, no reply
 * within the timeout, and garbage are down with the reason. A truncated UDP reply (TC) still proves the server
 * alive and is judged by its rcode. Details: {@code rcode}, {@code answers} (records in the answer section),
 * {@code address} (the first A/AAAA answer, if any), {@code name}, {@code type}, {@code transport}.
 */
public final class DnsProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(DnsProbe.class);
    public static final String DEFAULT_NAME = "example.com";
    static final int DNS_PORT = 53;

    private final Resolver resolver;
    private final String defaultName;

    public DnsProbe(Resolver resolver) {
        this(resolver, DEFAULT_NAME);
    }

    /** @param defaultName the name asked for when a target's options give none (the worker's --dns-name) */
    public DnsProbe(Resolver resolver, String defaultName) {
        this.resolver = resolver;
        this.defaultName = defaultName;
    }

    @Override
    public Kind kind() {
        return Kind.DNS;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        TimeBudget budget = TimeBudget.of(timeout);
        if (target.transport() != Transport.UDP && target.transport() != Transport.TCP) {
            return ProbeReport.down("DNS is checked over udp or tcp, not " + target.transport());
        }
        boolean tcp = target.transport() == Transport.TCP;
        String text = target.options().getOrDefault("name", defaultName);
        Name name;
        try {
            name = Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            return ProbeReport.down("option name '" + text + "' is not a domain name: " + e.getMessage());
        }
        int type = target.family() == 6 ? Type.AAAA : Type.A;
        InetAddress address;
        try {
            address = resolver.addressOf(target);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        int port = target.port() == 0 ? DNS_PORT : target.port();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", name.toString(true));
        detail.put("type", Type.string(type));
        detail.put("transport", target.transport().wire());
        detail.put("server", Addresses.canonical(address));

        DnsExchange.Reply reply;
        try {
            reply = DnsExchange.exchange(new InetSocketAddress(address, port), DnsExchange.query(name, type), tcp,
                    budget);
        } catch (SocketTimeoutException e) {
            return ProbeReport.down("no reply within " + budget.totalMillis() + " ms", detail);
        } catch (PortUnreachableException e) {
            return ProbeReport.down("port unreachable", detail);
        } catch (ConnectException e) {
            return ProbeReport.down("connection refused", detail);
        } catch (NoRouteToHostException e) {
            return ProbeReport.down("no route to host", detail);
        } catch (DnsExchange.BadReply e) {
            return ProbeReport.down(e.getMessage(), detail);
        } catch (IOException e) {
            log.debug("DNS exchange with {} failed: {}", target, e.toString());
            return ProbeReport.down(ProbeReport.describe(e), detail);
        }
        Message m = reply.message();
        int rcode = reply.rcode();
        detail.put("rcode", DnsExchange.rcodeName(rcode));
        detail.put("answers", m.getSection(Section.ANSWER).size());
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                detail.put("address", Addresses.canonical(a.getAddress()));
                break;
            }
            if (r instanceof AAAARecord a) {
                detail.put("address", Addresses.canonical(a.getAddress()));
                break;
            }
        }
        if (reply.truncated()) {
            detail.put("truncated", true);
        }
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            return ProbeReport.up(reply.roundTripMs(), detail);
        }
        return new ProbeReport(false, reply.roundTripMs(), "the server answered " + DnsExchange.rcodeName(rcode),
                detail);
    }
}
