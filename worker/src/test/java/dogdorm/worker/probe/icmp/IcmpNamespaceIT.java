package dogdorm.worker.probe.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.worker.peers.Namespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ICMP echo in the modes and failures a shared machine cannot show on its own loopback, in a network namespace
 * made for the test ({@code unshare -n}: only its own loopback, nothing leaves it): a datagram socket (the
 * namespace's ping_group_range admits every group), and on a raw socket an ICMP "host unreachable" (an iptables
 * REJECT), replies that never come (an iptables DROP), and forged replies nobody waits for (counted and dropped).
 * Needs root, unshare, ip and iptables.
 */
class IcmpNamespaceIT {
    private static final List<String> SETUP = List.of(
            "sysctl -qw net.ipv4.ping_group_range='0 2147483647'",
            "iptables -A INPUT -d 127.0.0.9 -p icmp --icmp-type echo-request -j REJECT --reject-with "
                    + "icmp-host-unreachable",
            "iptables -A INPUT -s 127.0.0.8 -p icmp --icmp-type echo-reply -j DROP",
            // the kernel's replies have no process behind them: from 127.0.0.7 only the test's own get out
            "iptables -A OUTPUT -s 127.0.0.7 -p icmp --icmp-type echo-reply -m owner ! --uid-owner 0 -j DROP");

    @Test
    void datagram_sockets_unreachable_hosts_and_missing_replies() throws Exception {
        Map<String, String> found = Namespace.run(SETUP, NamespaceChecks.class, "datagram.", "raw.");
        String out = found.get("output");
        assertEquals("ICMP datagram socket", found.get("datagram.method"), out);
        assertTrue(found.get("datagram.v4").startsWith("Answer[up=true"), out);
        assertTrue(found.get("datagram.v6").startsWith("Answer[up=true"), out);
        assertEquals("Answer[up=false, rttMs=null, error=destination unreachable (host unreachable) from 127.0.0.9]",
                found.get("datagram.unreachable"), "read from the datagram socket's error queue: " + out);
        assertTrue(found.get("datagram.after").startsWith("Answer[up=true"), out);
        assertEquals("raw ICMP socket", found.get("raw.method"), out);
        assertEquals("Answer[up=false, rttMs=null, error=destination unreachable (host unreachable) from 127.0.0.9]",
                found.get("raw.unreachable"), out);
        assertEquals("Answer[up=false, rttMs=null, error=no echo reply to 2 requests within 300 ms]", found.get("raw.dropped"), out);
        assertTrue(found.get("raw.v4").startsWith("Answer[up=true"), out);
        assertEquals("3", found.get("raw.unmatched"), "forged replies are counted and dropped: " + out);
        assertTrue(found.get("raw.after").startsWith("Answer[up=true"), "and checks go on: " + out);
        assertEquals("Answer[up=false, rttMs=null, error=no echo reply to 2 requests within 1500 ms]",
                found.get("raw.otherAddress"),
                "the right reply from 127.0.0.6 does not answer a check of 127.0.0.7: " + out);
        assertEquals("1", found.get("raw.otherAddress.unmatched"), out);
        assertEquals("Answer[up=false, rttMs=null, error=no echo reply to 2 requests within 300 ms]", found.get("raw.late"), out);
        assertEquals("1", found.get("raw.late.unmatched"), "a reply after the deadline is counted and dropped: " + out);
        assertTrue(found.get("raw.onTime").startsWith("Answer[up=true"), "the same reply in time is up: " + out);
        assertTrue(found.get("raw.secondRequest").startsWith("Answer[up=true"),
                "the first request lost, the second answered: up: " + out);
    }
}
