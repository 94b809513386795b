package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.Endpoints;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stun}: an RFC 8489 Binding request over the target's transport (UDP or TCP, IPv4 or IPv6). Up when a
 * success response with our transaction id carries a reflexive address (XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS
 * from older servers). Latency is the RTT of the try that was answered.
 *
 * <p>Details: {@code mapped_address} ("ip:port", IPv6 in brackets), and when the server sent them
 * {@code other_address}, {@code changed_address}, {@code response_origin} and {@code software}.
 */
public final class StunProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(StunProbe.class);

    private final Resolver resolver;

    public StunProbe(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.STUN;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) {
        TimeBudget budget = TimeBudget.of(timeout);
        InetAddress ip;
        try {
            ip = resolver.addressOf(target);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        InetSocketAddress server = new InetSocketAddress(ip, target.port());
        StunMessage request = StunMessage.request(StunMethod.BINDING).build();
        StunClient.Reply reply;
        try {
            reply = StunClient.transact(target.transport(), server, request, budget.remaining());
        } catch (IOException e) {
            log.debug("stun {} {}: {}", target.transport(), Endpoints.text(server), e.getMessage());
            return ProbeReport.down(StunClient.describe(e));
        }
        return judge(reply);
    }

    /** The verdict on a Binding answer. */
    static ProbeReport judge(StunClient.Reply reply) {
        StunMessage m = reply.message();
        Map<String, Object> detail = details(m);
        if (m.messageClass() == MessageClass.ERROR_RESPONSE) {
            return ProbeReport.down("server answered " + clean(m.summary()), detail);
        }
        if (m.mappedAddress().isEmpty()) {
            return ProbeReport.down("success response without XOR-MAPPED-ADDRESS or MAPPED-ADDRESS", detail);
        }
        return ProbeReport.up(reply.rttMs(), detail);
    }

    /** The addresses and software a Binding answer tells about, as result details. */
    static Map<String, Object> details(StunMessage m) {
        Map<String, Object> d = new LinkedHashMap<>();
        m.mappedAddress().ifPresent(a -> d.put("mapped_address", Endpoints.text(a)));
        m.address(AttributeType.OTHER_ADDRESS).ifPresent(a -> d.put("other_address", Endpoints.text(a)));
        m.address(AttributeType.CHANGED_ADDRESS).ifPresent(a -> d.put("changed_address", Endpoints.text(a)));
        m.address(AttributeType.RESPONSE_ORIGIN).ifPresent(a -> d.put("response_origin", Endpoints.text(a)));
        m.text(AttributeType.SOFTWARE).ifPresent(s -> d.put("software", clean(s.text())));
        return d;
    }

    /** Text from a server, made safe to store and show: printable, trimmed, at most 128 characters. */
    static String clean(String text) {
        String s = text.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "").strip();
        return s.length() > 128 ? s.substring(0, 128) : s;
    }
}
