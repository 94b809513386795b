package dogdorm.worker.probe;

import static dogdorm.worker.probe.FakeStunServer.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Transport;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunException;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import dogdorm.worker.probe.codec.TransactionId;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StunClientTest {
    private static final Duration TIMEOUT = Duration.ofMillis(400);

    @BeforeAll
    static void warmUp() throws Exception {
        WarmUp.timeoutPaths();
    }

    private static StunMessage binding() {
        return StunMessage.request(StunMethod.BINDING).build();
    }

    /** The same answer, but for another transaction. */
    private static byte[] strangerFor(FakeStunServer.Received r) {
        return StunMessage.builder(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE, TransactionId.random()).build().bytes();
    }

    // ------------------------------------------------------------------------------------------------ UDP

    @Test
    void udp_answer_after_one_for_another_transaction_is_accepted() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of(strangerFor(r), success(r)))) {
            StunMessage req = binding();
            StunClient.Reply reply = StunClient.transact(Transport.UDP, s.address(), req, TIMEOUT);
            assertEquals(req.transactionId(), reply.message().transactionId());
            assertEquals(s.address(), reply.from());
            assertEquals(1, reply.tries());
        }
    }

    @Test
    void udp_garbage_before_the_answer_is_ignored() throws Exception {
        byte[] garbage = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of(garbage, new byte[3], success(r)))) {
            StunClient.Reply reply = StunClient.transact(Transport.UDP, s.address(), binding(), TIMEOUT);
            assertEquals(MessageClass.SUCCESS_RESPONSE, reply.message().messageClass());
        }
    }

    @Test
    void udp_server_sending_only_garbage_times_out_naming_what_it_ignored() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of(new byte[] {1, 2, 3}))) {
            StunMessage req = binding();
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> StunClient.transact(Transport.UDP, s.address(), req, TIMEOUT));
            Deadlines.assertGaveUpAt(start, TIMEOUT);
            assertTrue(e.getMessage().contains("ignored"), e.getMessage());
            assertTrue(e.getMessage().contains("truncated: 3 bytes"), e.getMessage());
        }
    }

    @Test
    void udp_truncated_answer_carrying_our_transaction_id_fails_at_once_with_the_reason() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> {
            byte[] ok = success(r);
            return List.of(Arrays.copyOf(ok, ok.length - 4)); // the header still says the full length
        })) {
            long start = System.nanoTime();
            StunException e = assertThrows(StunException.class,
                    () -> StunClient.transact(Transport.UDP, s.address(), binding(), Deadlines.LONG));
            Deadlines.assertDidNotWait(start);
            assertTrue(e.getMessage().startsWith("malformed answer from 127.0.0.1:" + s.port() + ": truncated"),
                    e.getMessage());
        }
    }

    @Test
    void udp_lost_requests_are_sent_again_with_the_same_transaction_id() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> r.index() < 2 ? List.of() : List.of(success(r)))) {
            StunMessage req = binding();
            StunClient.Reply reply = StunClient.transact(Transport.UDP, s.address(), req, Duration.ofSeconds(2));
            assertEquals(3, reply.tries());
            assertEquals(3, s.received());
            for (StunMessage m : s.requests()) {
                assertEquals(req.transactionId(), m.transactionId());
            }
            // tries at 0, 250 and 750 ms: measured from the first try, the RTT would be 750 ms or more
            assertTrue(reply.rttMs() < 500, "the RTT is measured from the answered try: " + reply.rttMs());
        }
    }

    @Test
    void udp_silent_server_times_out_within_the_timeout_after_several_tries() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of())) {
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> StunClient.transact(Transport.UDP, s.address(), binding(), Deadlines.SILENT));
            Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
            long until = System.nanoTime() + 1_000_000_000L; // the server's thread may count the last try a bit later
            while (s.received() < 4 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(4, s.received(), "tries at 0, RTO, 3 RTO, 7 RTO with RTO = timeout/8");
            assertTrue(e.getMessage().matches("no answer from 127\\.0\\.0\\.1:" + s.port() + " within (1999|2000) ms \\(4 tries\\)"),
                    e.getMessage());
        }
    }

    @Test
    void udp_echo_of_our_own_request_is_not_an_answer() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of(r.raw()))) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> StunClient.transact(Transport.UDP, s.address(), binding(), TIMEOUT));
            assertTrue(e.getMessage().contains("carrying our own transaction id (an echo?)"), e.getMessage());
        }
    }

    @Test
    void udp_answer_of_another_method_is_a_wrong_answer() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of(StunMessage.builder(StunMethod.ALLOCATE,
                MessageClass.SUCCESS_RESPONSE, r.request().transactionId()).build().bytes()))) {
            StunException e = assertThrows(StunException.class,
                    () -> StunClient.transact(Transport.UDP, s.address(), binding(), TIMEOUT));
            assertTrue(e.getMessage().contains("a Allocate success response to a Binding request"), e.getMessage());
        }
    }

    @Test
    void udp_answer_from_another_address_is_taken_and_says_where_it_came_from() throws Exception {
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
             FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> {
                 byte[] b = success(r);
                 other.send(new DatagramPacket(b, b.length, r.from()));
                 return List.of();
             })) {
            StunClient.Reply reply = StunClient.transact(Transport.UDP, s.address(), binding(), TIMEOUT);
            assertEquals(other.getLocalSocketAddress(), reply.from());
        }
    }

    @Test
    void udp_to_a_closed_port_times_out() throws Exception {
        int port;
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            port = d.getLocalPort();
        }
        long start = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> StunClient.transact(Transport.UDP,
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), binding(), TIMEOUT));
        Deadlines.assertGaveUpAt(start, TIMEOUT);
    }

    @Test
    void one_client_keeps_its_local_port_across_transactions() throws Exception {
        try (FakeStunServer s = FakeStunServer.udp("127.0.0.1", r -> List.of(success(r)));
             StunClient c = StunClient.open(Transport.UDP, s.address(), TIMEOUT)) {
            StunClient.Reply a = c.exchange(binding(), TIMEOUT);
            StunClient.Reply b = c.exchange(binding(), TIMEOUT);
            assertEquals(a.message().mappedAddress(), b.message().mappedAddress());
            assertEquals(c.localAddress().getPort(), a.message().mappedAddress().orElseThrow().getPort());
        }
    }

    // ------------------------------------------------------------------------------------------------ TCP

    @Test
    void tcp_answer_split_across_writes_is_put_back_together() throws Exception {
        try (FakeStunServer s = FakeStunServer.tcp("127.0.0.1", r -> {
            byte[] ok = success(r);
            return List.of(Arrays.copyOf(ok, 7), Arrays.copyOfRange(ok, 7, 23), Arrays.copyOfRange(ok, 23, ok.length));
        })) {
            StunClient.Reply reply = StunClient.transact(Transport.TCP, s.address(), binding(), TIMEOUT);
            assertEquals(MessageClass.SUCCESS_RESPONSE, reply.message().messageClass());
            assertTrue(reply.message().mappedAddress().isPresent());
        }
    }

    @Test
    void tcp_message_for_another_transaction_is_skipped() throws Exception {
        try (FakeStunServer s = FakeStunServer.tcp("127.0.0.1", r -> List.of(strangerFor(r), success(r)))) {
            StunMessage req = binding();
            assertEquals(req.transactionId(),
                    StunClient.transact(Transport.TCP, s.address(), req, TIMEOUT).message().transactionId());
        }
    }

    @Test
    void tcp_bytes_that_are_not_stun_fail_at_once() throws Exception {
        try (FakeStunServer s = FakeStunServer.tcp("127.0.0.1",
                r -> List.of("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            StunException e = assertThrows(StunException.class,
                    () -> StunClient.transact(Transport.TCP, s.address(), binding(), TIMEOUT));
            assertTrue(e.getMessage().startsWith("not STUN"), e.getMessage());
        }
    }

    @Test
    void tcp_connection_closed_before_an_answer_is_reported() throws Exception {
        try (FakeStunServer s = FakeStunServer.tcp("127.0.0.1", r -> List.of(new byte[0]))) {
            IOException e = assertThrows(IOException.class,
                    () -> StunClient.transact(Transport.TCP, s.address(), binding(), TIMEOUT));
            assertEquals("connection closed by 127.0.0.1:" + s.port() + " before an answer", StunClient.describe(e));
        }
    }

    @Test
    void tcp_silent_server_times_out_within_the_timeout() throws Exception {
        try (FakeStunServer s = FakeStunServer.tcp("127.0.0.1", r -> List.of())) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> StunClient.transact(Transport.TCP, s.address(), binding(), Deadlines.SILENT));
            Deadlines.assertWithinTwentyPercent(start, Deadlines.SILENT);
        }
    }

    @Test
    void tcp_closed_port_is_connection_refused() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = ss.getLocalPort();
        }
        IOException e = assertThrows(IOException.class, () -> StunClient.transact(Transport.TCP,
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), binding(), TIMEOUT));
        assertInstanceOf(ConnectException.class, e);
        assertEquals("connection refused", StunClient.describe(e));
    }
}
