package dogdorm.worker.probe.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Echo requests as sent, and every kind of packet a receiver sees, read or refused. */
class EchoPacketTest {
    private static byte[] ipv4Header() {
        byte[] h = new byte[20];
        h[0] = 0x45;
        return h;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }

    @Test
    void a_request_carries_type_identifier_sequence_token_and_a_checksum_that_sums_to_zero() {
        byte[] r = EchoPacket.request(4, 0x1234, 0xBEEF, 42L);
        assertEquals(EchoPacket.V4_ECHO_REQUEST, r[0]);
        assertEquals(0, EchoPacket.checksum(r), "a packet with its checksum in place sums to zero");
        assertEquals(0x12, r[4] & 0xFF);
        assertEquals(0xEF, r[7] & 0xFF);
        assertEquals(42L, ByteBuffer.wrap(r, 8, 8).getLong());
        assertEquals((byte) EchoPacket.V6_ECHO_REQUEST, EchoPacket.request(6, 1, 2, 3)[0]);
    }

    @Test
    void replies_are_read_with_or_without_the_ip_header() {
        byte[] reply = EchoPacket.request(4, 7, 9, 99L);
        reply[0] = EchoPacket.V4_ECHO_REPLY;
        EchoPacket.Received r = EchoPacket.parse(4, reply, reply.length, false);
        assertEquals(new EchoPacket.Received(7, 9, 99L, null), r);
        byte[] raw = concat(ipv4Header(), reply);
        assertEquals(r, EchoPacket.parse(4, raw, raw.length, true));
        byte[] v6 = EchoPacket.request(6, 7, 9, 99L);
        v6[0] = (byte) EchoPacket.V6_ECHO_REPLY;
        assertEquals(r, EchoPacket.parse(6, v6, v6.length, false));
    }

    @Test
    void truncated_packets_requests_and_other_icmp_are_not_read() {
        byte[] reply = EchoPacket.request(4, 7, 9, 99L);
        reply[0] = EchoPacket.V4_ECHO_REPLY;
        assertNull(EchoPacket.parse(4, reply, 12, false), "payload cut short");
        assertNull(EchoPacket.parse(4, reply, 4, false));
        assertNull(EchoPacket.parse(4, new byte[10], 10, true), "shorter than an IP header");
        assertNull(EchoPacket.parse(4, EchoPacket.request(4, 7, 9, 99L), 16, false), "our own request, seen raw");
        byte[] redirect = reply.clone();
        redirect[0] = 5;
        assertNull(EchoPacket.parse(4, redirect, redirect.length, false));
    }

    @Test
    void an_error_quoting_an_echo_request_names_its_sequence_and_reason() {
        byte[] quoted = concat(ipv4Header(), EchoPacket.request(4, 7, 9, 99L));
        byte[] unreachable = concat(new byte[] {3, 1, 0, 0, 0, 0, 0, 0}, quoted);
        byte[] raw = concat(ipv4Header(), unreachable);
        assertEquals(new EchoPacket.Received(7, 9, 0, "destination unreachable (host unreachable)"),
                EchoPacket.parse(4, raw, raw.length, true));
        byte[] ttl = concat(ipv4Header(), new byte[] {11, 0, 0, 0, 0, 0, 0, 0}, quoted);
        assertEquals("time exceeded in transit (TTL)", EchoPacket.parse(4, ttl, ttl.length, true).error());
        byte[] v6 = concat(new byte[] {1, 3, 0, 0, 0, 0, 0, 0}, new byte[40], EchoPacket.request(6, 7, 9, 99L));
        assertEquals(new EchoPacket.Received(7, 9, 0, "destination unreachable (address unreachable)"),
                EchoPacket.parse(6, v6, v6.length, false));
        // an error about something else (a UDP datagram, say) is not ours
        byte[] other = concat(new byte[] {3, 3, 0, 0, 0, 0, 0, 0}, ipv4Header(), new byte[] {0, 53, 0, 53, 0, 8, 0, 0});
        assertNull(EchoPacket.parse(4, other, other.length, false));
    }
}
