package dogdorm.worker.probe;

import dogdorm.worker.peers.Coturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the STUN and TURN probe tests: a real coturn with long-term credentials and RFC 5780 ({@link #coturn}) and
 * an anonymous one without RFC 5780 ({@link #anonymous}), started once per test class and stopped after it.
 */
abstract class WithCoturns {
    static Coturn coturn;
    static Coturn anonymous;

    @BeforeAll
    static void startCoturns() throws Exception {
        coturn = Coturn.withAuth();
        anonymous = Coturn.anonymous();
    }

    @AfterAll
    static void stopCoturns() {
        if (coturn != null) coturn.close();
        if (anonymous != null) anonymous.close();
        coturn = null;
        anonymous = null;
    }
}
