package dogdorm.worker.probe;

import dogdorm.common.Transport;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * The first STUN timeout in a fresh JVM costs about 80 ms more than later ones (the first string concatenations,
 * secure random and exception paths are linked then). Tests that measure how well a timeout holds call this
 * first, so they measure the client rather than the JVM starting up.
 */
final class WarmUp {
    private static volatile boolean done;

    private WarmUp() {}

    static synchronized void timeoutPaths() throws Exception {
        if (done) {
            return;
        }
        for (Transport t : List.of(Transport.UDP, Transport.TCP)) {
            FakeStunServer s = t == Transport.UDP ? FakeStunServer.udp("127.0.0.1", r -> List.of(new byte[] {1}))
                    : FakeStunServer.tcp("127.0.0.1", r -> List.of());
            try (s) {
                StunClient.transact(t, s.address(), StunMessage.request(StunMethod.BINDING).build(), Duration.ofMillis(30));
            } catch (SocketTimeoutException expected) {
                // the point of the exercise
            }
        }
        done = true;
    }
}
