package dogdorm.worker.probe.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Attribute values to and from bytes. {@code mask} is always the 16 header bytes after type and length (magic
 * cookie + 96-bit id, or a classic 128-bit id): XOR addresses mix in its first 2 (port), 4 (IPv4) or 16 (IPv6)
 * bytes, which for RFC 5389 messages is exactly the cookie-then-transaction-id rule of RFC 8489 §14.2.
 */
final class AttributeCodec {
    private AttributeCodec() {}

    static byte[] encode(StunAttribute attribute, byte[] mask) {
        return switch (attribute) {
            case StunAttribute.Address a -> encodeAddress(a, mask);
            case StunAttribute.ChangeRequest c -> int32((c.changeIp() ? 0x04 : 0) | (c.changePort() ? 0x02 : 0));
            case StunAttribute.Text t -> t.value();
            case StunAttribute.ErrorCode e -> {
                byte[] reason = e.reason().getBytes(StandardCharsets.UTF_8);
                byte[] v = new byte[4 + reason.length];
                v[2] = (byte) (e.code() / 100);
                v[3] = (byte) (e.code() % 100);
                System.arraycopy(reason, 0, v, 4, reason.length);
                yield v;
            }
            case StunAttribute.MessageIntegrity m -> m.hmac();
            case StunAttribute.Fingerprint f -> int32(f.crc());
            case StunAttribute.Lifetime l -> int32((int) l.seconds());
            case StunAttribute.RequestedTransport r -> int32(r.protocol() << 24);
            case StunAttribute.RequestedAddressFamily f -> int32((f.ipVersion() == 4 ? 0x01 : 0x02) << 24);
            case StunAttribute.UnknownAttributes u -> {
                byte[] v = new byte[2 * u.types().size()];
                for (int i = 0; i < u.types().size(); i++) {
                    v[2 * i] = (byte) (u.types().get(i) >> 8);
                    v[2 * i + 1] = (byte) (int) u.types().get(i);
                }
                yield v;
            }
            case StunAttribute.Opaque o -> o.value();
        };
    }

    /** Decodes the value at {@code b[at..at+len)} (the caller has checked it lies inside the message). */
    static StunAttribute decode(int type, byte[] b, int at, int len, byte[] mask, int offset) throws StunException {
        String name = AttributeType.name(type);
        if (AttributeType.isAddress(type)) {
            return new StunAttribute.Address(type, decodeAddress(type, b, at, len, mask, offset));
        }
        if (AttributeType.maxTextBytes(type) > 0) {
            int max = AttributeType.maxTextBytes(type);
            if (len > max) {
                throw new StunException("oversized: " + name + " at offset " + offset + " is " + len
                        + " bytes, more than the " + max + " allowed");
            }
            return new StunAttribute.Text(type, Arrays.copyOfRange(b, at, at + len));
        }
        switch (type) {
            case AttributeType.CHANGE_REQUEST -> {
                expectLength(name, offset, len, 4);
                int flags = b[at + 3] & 0xff;
                return new StunAttribute.ChangeRequest((flags & 0x04) != 0, (flags & 0x02) != 0);
            }
            case AttributeType.ERROR_CODE -> {
                if (len < 4) {
                    throw new StunException(name + " at offset " + offset + " is " + len + " bytes, at least 4 needed");
                }
                if (len > 4 + 763) {
                    throw new StunException("oversized: " + name + " reason phrase at offset " + offset + " is "
                            + (len - 4) + " bytes, more than the 763 allowed");
                }
                int cls = b[at + 2] & 0x07;
                int number = b[at + 3] & 0xff;
                if (cls < 3 || cls > 6 || number > 99) {
                    throw new StunException(name + " at offset " + offset + " has class " + cls + " number " + number
                            + ": not a code in 300..699");
                }
                return new StunAttribute.ErrorCode(cls * 100 + number,
                        new String(b, at + 4, len - 4, StandardCharsets.UTF_8));
            }
            case AttributeType.MESSAGE_INTEGRITY -> {
                expectLength(name, offset, len, 20);
                return new StunAttribute.MessageIntegrity(Arrays.copyOfRange(b, at, at + 20));
            }
            case AttributeType.FINGERPRINT -> {
                expectLength(name, offset, len, 4);
                return new StunAttribute.Fingerprint(StunMessage.readInt(b, at));
            }
            case AttributeType.LIFETIME -> {
                expectLength(name, offset, len, 4);
                return new StunAttribute.Lifetime(StunMessage.readInt(b, at) & 0xFFFF_FFFFL);
            }
            case AttributeType.REQUESTED_TRANSPORT -> {
                expectLength(name, offset, len, 4);
                return new StunAttribute.RequestedTransport(b[at] & 0xff);
            }
            case AttributeType.REQUESTED_ADDRESS_FAMILY -> {
                expectLength(name, offset, len, 4);
                int family = b[at] & 0xff;
                if (family != 0x01 && family != 0x02) {
                    throw new StunException(name + " at offset " + offset + " has family 0x"
                            + Integer.toHexString(family) + ": only 0x01 (IPv4) and 0x02 (IPv6) exist");
                }
                return new StunAttribute.RequestedAddressFamily(family == 0x01 ? 4 : 6);
            }
            case AttributeType.UNKNOWN_ATTRIBUTES -> {
                if (len % 2 != 0) {
                    throw new StunException(name + " at offset " + offset + " is " + len
                            + " bytes: a list of 16-bit types has an even length");
                }
                List<Integer> types = new ArrayList<>(len / 2);
                for (int i = 0; i < len; i += 2) {
                    types.add(StunMessage.readShort(b, at + i));
                }
                return new StunAttribute.UnknownAttributes(types);
            }
            default -> {
                if (AttributeType.isComprehensionRequired(type) && !AttributeType.isKnown(type)) {
                    throw new StunException("unknown comprehension-required attribute " + name + " at offset " + offset);
                }
                return new StunAttribute.Opaque(type, Arrays.copyOfRange(b, at, at + len));
            }
        }
    }

    private static void expectLength(String name, int offset, int len, int want) throws StunException {
        if (len != want) {
            throw new StunException(name + " at offset " + offset + " is " + len + " bytes, not " + want);
        }
    }

    private static byte[] encodeAddress(StunAttribute.Address a, byte[] mask) {
        InetAddress ip = a.address().getAddress();
        byte[] raw = ip.getAddress();
        byte[] v = new byte[4 + raw.length];
        v[1] = (byte) (ip instanceof Inet4Address ? 0x01 : 0x02);
        int port = a.address().getPort();
        boolean xor = AttributeType.isXorAddress(a.type());
        v[2] = (byte) ((port >> 8) ^ (xor ? mask[0] : 0));
        v[3] = (byte) (port ^ (xor ? mask[1] : 0));
        for (int i = 0; i < raw.length; i++) {
            v[4 + i] = (byte) (raw[i] ^ (xor ? mask[i] : 0));
        }
        return v;
    }

    private static InetSocketAddress decodeAddress(int type, byte[] b, int at, int len, byte[] mask, int offset)
            throws StunException {
        String name = AttributeType.name(type);
        if (len < 4) {
            throw new StunException(name + " at offset " + offset + " is " + len + " bytes, too short for an address");
        }
        int family = b[at + 1] & 0xff;
        int size = switch (family) {
            case 0x01 -> 4;
            case 0x02 -> 16;
            default -> throw new StunException(name + " at offset " + offset + " has address family 0x"
                    + Integer.toHexString(family) + ": only 0x01 (IPv4) and 0x02 (IPv6) exist");
        };
        if (len != 4 + size) {
            throw new StunException(name + " at offset " + offset + " is " + len + " bytes: an IPv"
                    + (size == 4 ? 4 : 6) + " address takes " + (4 + size));
        }
        boolean xor = AttributeType.isXorAddress(type);
        int port = StunMessage.readShort(b, at + 2) ^ (xor ? ((mask[0] & 0xff) << 8 | (mask[1] & 0xff)) : 0);
        byte[] ip = new byte[size];
        for (int i = 0; i < size; i++) {
            ip[i] = (byte) (b[at + 4 + i] ^ (xor ? mask[i] : 0));
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new StunException(name + " at offset " + offset + ": " + e.getMessage());
        }
    }

    private static byte[] int32(int v) {
        byte[] out = new byte[4];
        StunMessage.writeInt(out, 0, v);
        return out;
    }
}
