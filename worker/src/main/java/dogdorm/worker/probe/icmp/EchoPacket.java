package dogdorm.worker.probe.icmp;

import java.nio.ByteBuffer;

/**
 * ICMP and ICMPv6 echo messages: the request this worker sends, and what a received packet says: an echo reply,
 * or an error (destination unreachable, time exceeded) that quotes an echo request, with its identifier and
 * sequence. Pure functions over bytes; a packet too short or of another type reads as {@code null}.
 */
final class EchoPacket {
    static final int V4_ECHO_REQUEST = 8;
    static final int V4_ECHO_REPLY = 0;
    static final int V4_UNREACHABLE = 3;
    static final int V4_TIME_EXCEEDED = 11;
    static final int V6_ECHO_REQUEST = 128;
    static final int V6_ECHO_REPLY = 129;
    static final int V6_UNREACHABLE = 1;
    static final int V6_TIME_EXCEEDED = 3;
    /** The payload: 8 bytes of a token that only this request carries, so a forged or stray reply is told apart. */
    static final int PAYLOAD = 8;

    private EchoPacket() {}

    /** What a received packet is about. {@code error} is null for an echo reply. */
    record Received(int identifier, int sequence, long token, String error) {}

    /** An echo request: type, code 0, checksum (IPv4; the kernel fills ICMPv6's), identifier, sequence, token. */
    static byte[] request(int family, int identifier, int sequence, long token) {
        ByteBuffer b = ByteBuffer.allocate(8 + PAYLOAD);
        b.put((byte) (family == 6 ? V6_ECHO_REQUEST : V4_ECHO_REQUEST)).put((byte) 0).putShort((short) 0);
        b.putShort((short) identifier).putShort((short) sequence).putLong(token);
        byte[] out = b.array();
        if (family == 4) {
            int sum = checksum(out);
            out[2] = (byte) (sum >> 8);
            out[3] = (byte) sum;
        }
        return out;
    }

    /** The Internet checksum (RFC 1071). */
    static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (data.length % 2 == 1) {
            sum += (data[data.length - 1] & 0xFF) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /**
     * Reads a received packet: from a raw IPv4 socket it starts with the IP header ({@code withIpHeader}); from a
     * datagram socket or an ICMPv6 socket with the ICMP message. Null when it is not about an echo request.
     */
    static Received parse(int family, byte[] p, int length, boolean withIpHeader) {
        int at = 0;
        if (withIpHeader) {
            if (length < 20) return null;
            at = (p[0] & 0x0F) * 4;
        }
        if (length - at < 8) return null;
        int type = p[at] & 0xFF;
        int code = p[at + 1] & 0xFF;
        int reply = family == 6 ? V6_ECHO_REPLY : V4_ECHO_REPLY;
        if (type == reply) {
            if (length - at < 8 + PAYLOAD) return null;
            return new Received(u16(p, at + 4), u16(p, at + 6), ByteBuffer.wrap(p, at + 8, PAYLOAD).getLong(), null);
        }
        String error = error(family, type, code);
        if (error == null) return null;
        // the error quotes the request: 4 unused bytes, its IP header, then at least 8 bytes of its ICMP message
        int quoted = at + 8;
        int header = family == 6 ? 40 : quoted < length ? (p[quoted] & 0x0F) * 4 : 0;
        int icmp = quoted + header;
        if (header == 0 || length - icmp < 8) return null;
        int requestType = family == 6 ? V6_ECHO_REQUEST : V4_ECHO_REQUEST;
        if ((p[icmp] & 0xFF) != requestType) return null;
        return new Received(u16(p, icmp + 4), u16(p, icmp + 6), 0, error);
    }

    static String error(int family, int type, int code) {
        if (family == 4) {
            if (type == V4_UNREACHABLE) {
                return "destination unreachable (" + switch (code) {
                    case 0 -> "net unreachable";
                    case 1 -> "host unreachable";
                    case 2 -> "protocol unreachable";
                    case 3 -> "port unreachable";
                    case 9, 10, 13 -> "administratively prohibited";
                    default -> "code " + code;
                } + ")";
            }
            return type == V4_TIME_EXCEEDED ? "time exceeded in transit (TTL)" : null;
        }
        if (type == V6_UNREACHABLE) {
            return "destination unreachable (" + switch (code) {
                case 0 -> "no route";
                case 1 -> "administratively prohibited";
                case 3 -> "address unreachable";
                case 4 -> "port unreachable";
                default -> "code " + code;
            } + ")";
        }
        return type == V6_TIME_EXCEEDED ? "time exceeded in transit (hop limit)" : null;
    }

    private static int u16(byte[] p, int at) {
        return ((p[at] & 0xFF) << 8) | (p[at + 1] & 0xFF);
    }
}
