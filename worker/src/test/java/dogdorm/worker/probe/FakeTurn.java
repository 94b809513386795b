package dogdorm.worker.probe;

import dogdorm.worker.probe.codec.AttributeType;
import dogdorm.worker.probe.codec.IntegrityKey;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunAttribute;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The script of a tiny TURN server for {@link FakeStunServer}: long-term credentials (unless anonymous),
 * Allocate, CreatePermission and Refresh, with switches for the misbehaviours a test wants.
 */
final class FakeTurn implements FakeStunServer.Script {
    static final String REALM = "fake.test";
    static final String USER = "alice";
    static final String PASSWORD = "right-horse-battery";

    private final boolean anonymous;
    private int nonceNumber = 1;
    /** How many authenticated requests still get 438 Stale Nonce (each with a fresh nonce). */
    volatile int staleAnswers;
    /** When non-zero, CreatePermission is refused with this code. */
    volatile int permissionError;
    /** Refuse an Allocate carrying REQUESTED-ADDRESS-FAMILY with 420, as an RFC 5766-only server would. */
    volatile boolean refuseAddressFamily;
    /** Sign success answers with a key that is not the user's. */
    volatile boolean forgeIntegrity;
    /** Challenge with 401 but leave out REALM and NONCE. */
    volatile boolean bareChallenge;

    FakeTurn(boolean anonymous) {
        this.anonymous = anonymous;
    }

    private String nonce() {
        return "nonce-" + nonceNumber;
    }

    private static final IntegrityKey KEY = IntegrityKey.longTerm(USER, REALM, PASSWORD);

    @Override
    public synchronized List<byte[]> answer(FakeStunServer.Received r) {
        StunMessage m = r.request();
        if (m == null || m.messageClass() != MessageClass.REQUEST) {
            return List.of();
        }
        if (!anonymous) {
            boolean signed = m.hasIntegrity()
                    && m.text(AttributeType.USERNAME).map(u -> u.text().equals(USER)).orElse(false)
                    && m.verifyIntegrity(KEY);
            if (!signed) {
                return List.of(bareChallenge ? FakeStunServer.error(r, 401, "Unauthorized")
                        : FakeStunServer.error(r, 401, "Unauthorized", realm(), nonceAttr()));
            }
            if (!m.text(AttributeType.NONCE).map(n -> n.text().equals(nonce())).orElse(false)) {
                return List.of(FakeStunServer.error(r, 438, "Stale Nonce", realm(), nonceAttr()));
            }
            if (staleAnswers > 0) {
                staleAnswers--;
                nonceNumber++;
                return List.of(FakeStunServer.error(r, 438, "Stale Nonce", realm(), nonceAttr()));
            }
        }
        StunMessage.Builder ok = StunMessage.builder(m.method(), MessageClass.SUCCESS_RESPONSE, m.transactionId());
        switch (m.method()) {
            case StunMethod.ALLOCATE -> {
                if (refuseAddressFamily && m.attribute(AttributeType.REQUESTED_ADDRESS_FAMILY).isPresent()) {
                    return List.of(FakeStunServer.error(r, 420, "Unknown Attribute",
                            new StunAttribute.UnknownAttributes(List.of(AttributeType.REQUESTED_ADDRESS_FAMILY))));
                }
                boolean v6 = m.attribute(AttributeType.REQUESTED_ADDRESS_FAMILY)
                        .map(a -> ((StunAttribute.RequestedAddressFamily) a).ipVersion() == 6).orElse(false);
                InetAddress relayIp = r.from().getAddress() instanceof Inet6Address && v6 ? r.from().getAddress()
                        : InetAddress.getLoopbackAddress();
                ok.add(new StunAttribute.Address(AttributeType.XOR_RELAYED_ADDRESS, new InetSocketAddress(relayIp, 49152)))
                        .add(new StunAttribute.Address(AttributeType.XOR_MAPPED_ADDRESS, r.from()))
                        .add(new StunAttribute.Lifetime(600));
            }
            case StunMethod.CREATE_PERMISSION -> {
                if (permissionError != 0) {
                    return List.of(FakeStunServer.error(r, permissionError, "Forbidden"));
                }
            }
            case StunMethod.REFRESH -> ok.add(new StunAttribute.Lifetime(m.lifetime().orElse(600L)));
            default -> {
                return List.of(FakeStunServer.error(r, 400, "Bad Request"));
            }
        }
        if (!anonymous) {
            ok.integrity(forgeIntegrity ? IntegrityKey.longTerm(USER, REALM, "someone-else") : KEY);
        }
        return List.of(ok.build().bytes());
    }

    private static StunAttribute realm() {
        return StunAttribute.Text.of(AttributeType.REALM, REALM);
    }

    private StunAttribute nonceAttr() {
        return StunAttribute.Text.of(AttributeType.NONCE, nonce());
    }
}
