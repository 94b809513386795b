package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.worker.peers.Namespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The TCP probe with packets really lost (iptables in a network namespace of the test's own): one lost SYN does
 * not fail a check with a 1 s timeout, and a port that never answers is down at the timeout.
 */
class TcpLossIT {
    @Test
    void one_lost_syn_is_ridden_out_by_a_second_attempt() throws Exception {
        Map<String, String> found = Namespace.run(List.of(
                "iptables -A INPUT -p tcp --dport 7777 --syn -m statistic --mode nth --every 2 --packet 0 -j DROP",
                "iptables -A INPUT -p tcp --dport 7778 --syn -j DROP"), TcpLossChecks.class, "tcp.");
        String out = found.get("output");
        assertEquals("true null", found.get("tcp.firstSynLost"), out);
        assertEquals("2", found.get("tcp.firstSynLost.attempts"), "the second of three: " + out);
        assertEquals("false connect timed out after 600 ms", found.get("tcp.everySynLost"), out);
        long ms = Long.parseLong(found.get("tcp.everySynLost.ms"));
        assertTrue(ms >= 570 && ms < 1000, "gave up at the timeout, after " + ms + " ms: " + out);
    }
}
