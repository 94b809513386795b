package dogdorm.worker.probe.codec;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One decoded STUN attribute. Each kind of value is one record; {@link Opaque} keeps what is not modelled. */
public sealed interface StunAttribute {

    int type();

    /**
     * A transport address: MAPPED-ADDRESS, XOR-MAPPED-ADDRESS, CHANGED-ADDRESS, SOURCE-ADDRESS, OTHER-ADDRESS,
     * RESPONSE-ORIGIN, XOR-RELAYED-ADDRESS, XOR-PEER-ADDRESS, ... The address is always the plain one: the XOR is
     * done by the codec, as the type says ({@link AttributeType#isXorAddress}).
     */
    record Address(int type, InetSocketAddress address) implements StunAttribute {
        public Address {
            if (!AttributeType.isAddress(type)) {
                throw new IllegalArgumentException(AttributeType.name(type) + " is not an address attribute");
            }
            Objects.requireNonNull(address, "address");
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("address " + address + " is not resolved");
            }
        }

        @Override
        public String toString() {
            return AttributeType.name(type) + " " + Endpoints.text(address);
        }
    }

    /** CHANGE-REQUEST (RFC 3489 §11.2.4, RFC 5780 §7.2): ask the server to answer from its other IP and/or port. */
    record ChangeRequest(boolean changeIp, boolean changePort) implements StunAttribute {
        @Override
        public int type() {
            return AttributeType.CHANGE_REQUEST;
        }

        @Override
        public String toString() {
            return "CHANGE-REQUEST" + (changeIp ? " ip" : "") + (changePort ? " port" : "") + (changeIp || changePort ? "" : " none");
        }
    }

    /**
     * SOFTWARE, REALM, NONCE, USERNAME, ALTERNATE-DOMAIN: the value's bytes exactly as sent (a NONCE must be
     * echoed byte for byte, a REALM goes into the key as it is), and {@link #text()} to read them.
     */
    record Text(int type, byte[] value) implements StunAttribute {
        public Text {
            int max = AttributeType.maxTextBytes(type);
            if (max == 0) {
                throw new IllegalArgumentException(AttributeType.name(type) + " is not a text attribute");
            }
            if (value.length > max) {
                throw new IllegalArgumentException(AttributeType.name(type) + " is " + value.length
                        + " bytes, more than the " + max + " allowed");
            }
            value = value.clone();
        }

        public static Text of(int type, String text) {
            return new Text(type, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The value as UTF-8 text (bytes that are not UTF-8 become U+FFFD). */
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.type == type && Arrays.equals(t.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return AttributeType.name(type) + " \"" + text() + "\"";
        }
    }

    /** ERROR-CODE: a code 300..699 and its reason phrase. */
    record ErrorCode(int code, String reason) implements StunAttribute {
        public static final int TRY_ALTERNATE = 300;
        public static final int BAD_REQUEST = 400;
        public static final int UNAUTHORIZED = 401;
        public static final int FORBIDDEN = 403;
        public static final int UNKNOWN_ATTRIBUTE = 420;
        public static final int ALLOCATION_MISMATCH = 437;
        public static final int STALE_NONCE = 438;
        public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
        public static final int WRONG_CREDENTIALS = 441;
        public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
        public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
        public static final int ALLOCATION_QUOTA_REACHED = 486;
        public static final int SERVER_ERROR = 500;
        public static final int INSUFFICIENT_CAPACITY = 508;

        public ErrorCode {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("error code " + code + " is outside 300..699");
            }
            reason = reason == null ? "" : reason;
        }

        @Override
        public int type() {
            return AttributeType.ERROR_CODE;
        }

        @Override
        public String toString() {
            return "ERROR-CODE " + code + (reason.isEmpty() ? "" : " " + reason);
        }
    }

    /** MESSAGE-INTEGRITY: the 20-byte HMAC-SHA1. Verify it with {@link StunMessage#verifyIntegrity}. */
    record MessageIntegrity(byte[] hmac) implements StunAttribute {
        public MessageIntegrity {
            if (hmac.length != 20) {
                throw new IllegalArgumentException("MESSAGE-INTEGRITY is 20 bytes, not " + hmac.length);
            }
            hmac = hmac.clone();
        }

        @Override
        public int type() {
            return AttributeType.MESSAGE_INTEGRITY;
        }

        @Override
        public byte[] hmac() {
            return hmac.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MessageIntegrity m && Arrays.equals(m.hmac, hmac);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(hmac);
        }

        @Override
        public String toString() {
            return "MESSAGE-INTEGRITY " + HexFormat.of().formatHex(hmac);
        }
    }

    /** FINGERPRINT: CRC-32 of the message before it, xor 0x5354554e. The decoder checks it. */
    record Fingerprint(int crc) implements StunAttribute {
        @Override
        public int type() {
            return AttributeType.FINGERPRINT;
        }

        @Override
        public String toString() {
            return String.format("FINGERPRINT 0x%08x", crc);
        }
    }

    /** LIFETIME (RFC 8656 §18.4): seconds, an unsigned 32-bit number. */
    record Lifetime(long seconds) implements StunAttribute {
        public Lifetime {
            if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("lifetime " + seconds + " is not an unsigned 32-bit number");
            }
        }

        @Override
        public int type() {
            return AttributeType.LIFETIME;
        }

        @Override
        public String toString() {
            return "LIFETIME " + seconds + "s";
        }
    }

    /** REQUESTED-TRANSPORT (RFC 8656 §18.7): an IP protocol number, 17 for UDP. */
    record RequestedTransport(int protocol) implements StunAttribute {
        public static final int UDP = 17;
        public static final int TCP = 6;

        public RequestedTransport {
            if (protocol < 0 || protocol > 255) {
                throw new IllegalArgumentException("protocol " + protocol + " is not 0..255");
            }
        }

        @Override
        public int type() {
            return AttributeType.REQUESTED_TRANSPORT;
        }

        @Override
        public String toString() {
            return "REQUESTED-TRANSPORT " + (protocol == UDP ? "UDP" : protocol == TCP ? "TCP" : protocol);
        }
    }

    /** REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.8), given as the IP version: 4 or 6 (wire values 0x01, 0x02). */
    record RequestedAddressFamily(int ipVersion) implements StunAttribute {
        public RequestedAddressFamily {
            if (ipVersion != 4 && ipVersion != 6) {
                throw new IllegalArgumentException("address family IPv" + ipVersion + " does not exist");
            }
        }

        @Override
        public int type() {
            return AttributeType.REQUESTED_ADDRESS_FAMILY;
        }

        @Override
        public String toString() {
            return "REQUESTED-ADDRESS-FAMILY IPv" + ipVersion;
        }
    }

    /** UNKNOWN-ATTRIBUTES: the types a 420 error answer says the server did not understand. */
    record UnknownAttributes(List<Integer> types) implements StunAttribute {
        public UnknownAttributes {
            types = List.copyOf(types);
        }

        @Override
        public int type() {
            return AttributeType.UNKNOWN_ATTRIBUTES;
        }

        @Override
        public String toString() {
            return "UNKNOWN-ATTRIBUTES " + types.stream().map(AttributeType::name).collect(Collectors.joining(","));
        }
    }

    /** Any other attribute, value kept as bytes: a known one this codec does not model, or a comprehension-optional unknown one. */
    record Opaque(int type, byte[] value) implements StunAttribute {
        public Opaque {
            if (type < 0 || type > 0xFFFF) {
                throw new IllegalArgumentException("attribute type " + type + " is not 16 bits");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque t && t.type == type && Arrays.equals(t.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return AttributeType.name(type) + " (" + value.length + " bytes)";
        }
    }
}
