package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.Endpoints;
import dogdorm.worker.probe.codec.IntegrityKey;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunException;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code turn}: a TURN allocation (RFC 8656, formerly 5766) over the target's transport, UDP or TCP, all on one
 * local socket:
 * <ol>
 *   <li>Allocate with REQUESTED-TRANSPORT UDP (and REQUESTED-ADDRESS-FAMILY IPv6 when the server is reached over
 *       IPv6, so the relay is of the same family);</li>
 *   <li>on 401 with REALM and NONCE: Allocate again with the long-term credential (USERNAME, REALM, NONCE,
 *       MESSAGE-INTEGRITY under MD5(user:realm:password)); a 438 Stale Nonce is retried once with the new nonce,
 *       here and in every later request;</li>
 *   <li>CreatePermission for a peer: option {@code peer} (an IP literal) when given, else our own reflexive address
 *       from the Allocate answer's XOR-MAPPED-ADDRESS;</li>
 *   <li>Refresh with LIFETIME 0, freeing the allocation.</li>
 * </ol>
 * Up when all of it succeeds ({@code outcome=allocated}). Without credentials, a 401 carrying REALM and NONCE is
 * up with {@code outcome=auth-required}: the server is alive and speaks TURN, it only wants a password. With
 * credentials given, a second 401 is down "credentials refused". An allocation made before a later step fails is
 * still freed, on a best-effort basis. If a server reached over IPv6 refuses REQUESTED-ADDRESS-FAMILY with 420
 * (an RFC 5766-only server), the Allocate is sent once more without it.
 *
 * <p>Latency is the RTT of the last Allocate exchange (the success, or the 401 for auth-required). Details:
 * {@code outcome}, {@code relayed_address}, {@code mapped_address}, {@code lifetime} (seconds), {@code realm}.
 * The password never reaches a detail, a reason or a log line: it only ever becomes an {@link IntegrityKey}.
 */
public final class TurnProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(TurnProbe.class);
    public static final String OPTION_PEER = "peer";
    public static final String OUTCOME_ALLOCATED = "allocated";
    public static final String OUTCOME_AUTH_REQUIRED = "auth-required";

    private final Resolver resolver;

    public TurnProbe(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.TURN;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) {
        TimeBudget budget = TimeBudget.of(timeout);
        Redactor redact = new Redactor(target.password());
        InetAddress peer = null;
        String peerOption = target.options().get(OPTION_PEER);
        if (peerOption != null && !peerOption.isBlank()) {
            try {
                peer = Addresses.parse(peerOption);
            } catch (IllegalArgumentException e) {
                return ProbeReport.down(redact.apply("option peer: " + e.getMessage()));
            }
        }
        InetSocketAddress server;
        try {
            server = new InetSocketAddress(resolver.addressOf(target), target.port());
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + redact.apply(e.getMessage()));
        }
        ProbeReport report;
        try (StunClient client = StunClient.open(target.transport(), server, budget.remaining())) {
            report = new Session(client, budget, target, peer).run();
        } catch (IOException e) {
            report = ProbeReport.down(StunClient.describe(e));
        }
        report = redact.apply(report);
        log.debug("turn {}: {}", target, report.up() ? report.detail().get("outcome") : report.error());
        return report;
    }

    /** One probe's conversation with the server: the credential, the current realm and nonce, the allocation. */
    private static final class Session {
        private final StunClient client;
        private final TimeBudget budget;
        private final String user;
        private final String password;
        private final InetAddress peerOption;
        private final boolean publicOnly;
        private final int family;
        private byte[] realm;
        private byte[] nonce;
        private IntegrityKey key;
        private boolean allocated;

        Session(StunClient client, TimeBudget budget, JobTarget target, InetAddress peerOption) {
            this.client = client;
            this.budget = budget;
            boolean credentials = target.user() != null && !target.user().isEmpty() && target.password() != null;
            this.user = credentials ? target.user() : null;
            this.password = credentials ? target.password() : null;
            this.peerOption = peerOption;
            this.publicOnly = target.publicOnly();
            this.family = Addresses.family(client.server().getAddress());
        }

        ProbeReport run() throws IOException {
            boolean askFamily = family == 6;
            StunClient.Reply r = client.exchange(allocate(askFamily).build(), left());
            if (askFamily && refusedFamily(r.message())) {
                askFamily = false;
                r = client.exchange(allocate(false).build(), left());
            }
            if (isError(r, 401)) {
                StunMessage m = r.message();
                if (m.text(AttributeType.REALM).isEmpty() || m.text(AttributeType.NONCE).isEmpty()) {
                    return ProbeReport.down("Allocate answered 401 without REALM and NONCE");
                }
                realm = m.text(AttributeType.REALM).get().value();
                nonce = m.text(AttributeType.NONCE).get().value();
                if (user == null) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("outcome", OUTCOME_AUTH_REQUIRED);
                    d.put("realm", realmText());
                    return ProbeReport.up(r.rttMs(), d);
                }
                key = IntegrityKey.longTerm(user, realm, password);
                boolean family6 = askFamily;
                r = authed(() -> allocate(family6));
                if (isError(r, 401) || isError(r, 441)) {
                    return ProbeReport.down("credentials refused: Allocate answered "
                            + StunProbe.clean(r.message().summary()), realmDetail());
                }
            }
            String bad = refusal("Allocate", r);
            if (bad != null) {
                return ProbeReport.down(bad, realmDetail());
            }
            allocated = true;
            try {
                return afterAllocate(r);
            } finally {
                if (allocated) {
                    freeQuietly();
                }
            }
        }

        private ProbeReport afterAllocate(StunClient.Reply allocation) throws IOException {
            StunMessage a = allocation.message();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("outcome", OUTCOME_ALLOCATED);
            a.address(AttributeType.XOR_RELAYED_ADDRESS).ifPresent(x -> d.put("relayed_address", Endpoints.text(x)));
            a.address(AttributeType.XOR_MAPPED_ADDRESS).ifPresent(x -> d.put("mapped_address", Endpoints.text(x)));
            a.lifetime().ifPresent(l -> d.put("lifetime", l));
            if (realm != null) {
                d.put("realm", realmText());
            }
            if (!d.containsKey("relayed_address")) {
                return ProbeReport.down("Allocate succeeded without XOR-RELAYED-ADDRESS", d);
            }
            InetSocketAddress peer;
            if (peerOption != null) {
                peer = new InetSocketAddress(peerOption, 0);
            } else {
                peer = a.address(AttributeType.XOR_MAPPED_ADDRESS).orElse(null);
                if (peer == null) {
                    return ProbeReport.down("Allocate answer has no XOR-MAPPED-ADDRESS to use as the peer "
                            + "(set option peer)", d);
                }
            }
            String refused = publicOnly ? Addresses.whyNotPublic(peer.getAddress()) : null;
            if (refused != null) {
                // the mapped address comes from the server: it must not make the relay open to private space
                return ProbeReport.down("peer " + Addresses.canonical(peer.getAddress()) + " is "
                        + Addresses.aReason(refused) + ": refused by the public-server policy, no permission asked",
                        d);
            }
            StunClient.Reply p = authed(() -> StunMessage.request(StunMethod.CREATE_PERMISSION)
                    .add(new StunAttribute.Address(AttributeType.XOR_PEER_ADDRESS, peer)));
            String bad = refusal("CreatePermission for " + Addresses.canonical(peer.getAddress()), p);
            if (bad != null) {
                return ProbeReport.down(bad, d);
            }
            StunClient.Reply f = authed(() -> StunMessage.request(StunMethod.REFRESH)
                    .add(new StunAttribute.Lifetime(0)));
            bad = refusal("Refresh to lifetime 0", f);
            if (bad != null) {
                return ProbeReport.down(bad, d);
            }
            allocated = false;
            return ProbeReport.up(allocation.rttMs(), d);
        }

        /** Frees the allocation when a step after Allocate failed; whatever happens is only logged. */
        private void freeQuietly() {
            if (budget.expired()) {
                return;
            }
            try {
                authed(() -> StunMessage.request(StunMethod.REFRESH).add(new StunAttribute.Lifetime(0)));
            } catch (IOException e) {
                log.debug("freeing the allocation on {}: {}", Endpoints.text(client.server()), e.getMessage());
            }
        }

        private StunMessage.Builder allocate(boolean askIpv6) {
            StunMessage.Builder b = StunMessage.request(StunMethod.ALLOCATE)
                    .add(new StunAttribute.RequestedTransport(StunAttribute.RequestedTransport.UDP));
            if (askIpv6) {
                b.add(new StunAttribute.RequestedAddressFamily(6));
            }
            return b;
        }

        /**
         * Sends a request with the long-term credential when there is one (none on an anonymous server); a 438
         * Stale Nonce is retried once with the nonce it carries.
         */
        private StunClient.Reply authed(Supplier<StunMessage.Builder> request) throws IOException {
            StunClient.Reply r = client.exchange(sign(request.get()), left());
            if (key != null && isError(r, 438) && r.message().text(AttributeType.NONCE).isPresent()) {
                nonce = r.message().text(AttributeType.NONCE).get().value();
                if (r.message().text(AttributeType.REALM).isPresent()) {
                    realm = r.message().text(AttributeType.REALM).get().value();
                    key = IntegrityKey.longTerm(user, realm, password);
                }
                r = client.exchange(sign(request.get()), left());
            }
            if (key != null && r.message().messageClass() == MessageClass.SUCCESS_RESPONSE
                    && r.message().hasIntegrity() && !r.message().verifyIntegrity(key)) {
                throw new StunException("the " + r.message().summary()
                        + " failed its MESSAGE-INTEGRITY check under our key");
            }
            return r;
        }

        private StunMessage sign(StunMessage.Builder b) {
            if (key == null) {
                return b.build();
            }
            return b.add(StunAttribute.Text.of(AttributeType.USERNAME, user))
                    .add(new StunAttribute.Text(AttributeType.REALM, realm))
                    .add(new StunAttribute.Text(AttributeType.NONCE, nonce))
                    .integrity(key)
                    .build();
        }

        private Duration left() {
            return budget.remaining();
        }

        private String realmText() {
            return StunProbe.clean(new String(realm, StandardCharsets.UTF_8));
        }

        private Map<String, Object> realmDetail() {
            return realm == null ? Map.of() : Map.of("realm", realmText());
        }
    }

    private static boolean isError(StunClient.Reply r, int code) {
        return r.message().messageClass() == MessageClass.ERROR_RESPONSE
                && r.message().errorCode().map(e -> e.code() == code).orElse(false);
    }

    /** A 420 that names REQUESTED-ADDRESS-FAMILY: the server predates RFC 8656. */
    private static boolean refusedFamily(StunMessage m) {
        return m.messageClass() == MessageClass.ERROR_RESPONSE
                && m.errorCode().map(e -> e.code() == 420).orElse(false)
                && m.attribute(AttributeType.UNKNOWN_ATTRIBUTES)
                        .map(u -> ((StunAttribute.UnknownAttributes) u).types().contains(AttributeType.REQUESTED_ADDRESS_FAMILY))
                        .orElse(false);
    }

    /** Why a step's answer is not a success, or null when it is. */
    private static String refusal(String step, StunClient.Reply r) {
        StunMessage m = r.message();
        if (m.messageClass() == MessageClass.SUCCESS_RESPONSE) {
            return null;
        }
        if (isError(r, 438)) {
            return step + " answered 438 Stale Nonce again after a retry with the new nonce";
        }
        return step + " refused: " + StunProbe.clean(m.summary());
    }

    /**
     * Takes the password out of any text that leaves the probe, should a server ever echo it. A class, not a
     * record: a record's toString would print the password.
     */
    private static final class Redactor {
        private final String password;

        Redactor(String password) {
            this.password = password;
        }

        String apply(String text) {
            if (text == null || password == null || password.length() < 3) {
                return text;
            }
            return text.replace(password, "<redacted>");
        }

        ProbeReport apply(ProbeReport r) {
            Map<String, Object> d = new LinkedHashMap<>();
            r.detail().forEach((k, v) -> d.put(k, v instanceof String s ? apply(s) : v));
            return new ProbeReport(r.up(), r.latencyMs(), apply(r.error()), d);
        }
    }
}
