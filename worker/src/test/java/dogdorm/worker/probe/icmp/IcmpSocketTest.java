package dogdorm.worker.probe.icmp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Which received packets answer a waiting check: the rules the receiving thread applies, without a socket. */
class IcmpSocketTest {
    private static final int ID = 0x4242;

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void a_reply_answers_only_from_the_address_asked_with_the_token_sent_and_our_identifier() throws Exception {
        IcmpSocket.Waiter w = new IcmpSocket.Waiter(ip("127.0.0.7"), 99L, new CompletableFuture<>());
        EchoPacket.Received reply = new EchoPacket.Received(ID, 5, 99L, null);
        assertTrue(IcmpSocket.answers(w, reply, ip("127.0.0.7"), IcmpSocket.Mode.RAW, ID));
        assertFalse(IcmpSocket.answers(w, reply, ip("127.0.0.8"), IcmpSocket.Mode.RAW, ID), "another address");
        assertFalse(IcmpSocket.answers(w, new EchoPacket.Received(ID + 1, 5, 99L, null), ip("127.0.0.7"),
                IcmpSocket.Mode.RAW, ID), "another program's identifier");
        assertFalse(IcmpSocket.answers(w, new EchoPacket.Received(ID, 5, 98L, null), ip("127.0.0.7"),
                IcmpSocket.Mode.RAW, ID), "a forged reply without the token");
        assertTrue(IcmpSocket.answers(w, new EchoPacket.Received(7, 5, 99L, null), ip("127.0.0.7"),
                IcmpSocket.Mode.DATAGRAM, ID), "a datagram socket's identifier is the kernel's");
        assertFalse(IcmpSocket.answers(null, reply, ip("127.0.0.7"), IcmpSocket.Mode.RAW, ID),
                "a late reply: the check gave up and is no longer waiting");
    }

    @Test
    void an_error_quoting_our_request_answers_from_wherever_it_comes() throws Exception {
        IcmpSocket.Waiter w = new IcmpSocket.Waiter(ip("127.0.0.7"), 99L, new CompletableFuture<>());
        EchoPacket.Received unreachable = new EchoPacket.Received(ID, 5, 0, "destination unreachable (host "
                + "unreachable)");
        assertTrue(IcmpSocket.answers(w, unreachable, ip("127.0.0.1"), IcmpSocket.Mode.RAW, ID));
        assertFalse(IcmpSocket.answers(w, new EchoPacket.Received(ID + 1, 5, 0, "x"), ip("127.0.0.1"),
                IcmpSocket.Mode.RAW, ID), "an error about another program's request");
    }
}
