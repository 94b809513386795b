package dogdorm.worker.probe.codec;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One STUN message (RFC 8489, and RFC 3489 "classic" messages, which have no magic cookie and a 128-bit
 * transaction id), as bytes and as decoded attributes. Instances are immutable and always hold their encoded
 * form: {@link #decode} keeps the bytes it read, {@link Builder#build} encodes at once.
 *
 * <p>Decoding is strict and never throws anything but {@link StunException}: a short or over-long buffer, a
 * length that leaves the last attribute unpadded, an attribute that overruns the message, a malformed value,
 * an unknown comprehension-required attribute, anything after FINGERPRINT, or a FINGERPRINT that does not match
 * are each refused with the reason. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored, as
 * RFC 8489 §14.5 says. Padding bytes may hold anything (RFC 5769's vectors pad with spaces).
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The largest message: a 20-byte header and a 16-bit length of attributes. */
    public static final int MAX_LENGTH = HEADER_LENGTH + 0xFFFF;
    static final int FINGERPRINT_XOR = 0x5354554e;

    private final int method;
    private final MessageClass messageClass;
    private final TransactionId transactionId;
    private final List<StunAttribute> attributes;
    private final byte[] raw;
    /** Where the MESSAGE-INTEGRITY attribute starts in {@link #raw}, or -1. */
    private final int integrityOffset;

    private StunMessage(int method, MessageClass messageClass, TransactionId transactionId,
                        List<StunAttribute> attributes, byte[] raw, int integrityOffset) {
        this.method = method;
        this.messageClass = messageClass;
        this.transactionId = transactionId;
        this.attributes = List.copyOf(attributes);
        this.raw = raw;
        this.integrityOffset = integrityOffset;
    }

    // ---------------------------------------------------------------------------------------------- building

    /** A request of this method with a fresh random 96-bit transaction id. */
    public static Builder request(int method) {
        return new Builder(method, MessageClass.REQUEST, TransactionId.random());
    }

    /** An RFC 3489 request (no magic cookie) with a fresh random 128-bit transaction id. */
    public static Builder classicRequest(int method) {
        return new Builder(method, MessageClass.REQUEST, TransactionId.randomClassic());
    }

    public static Builder builder(int method, MessageClass messageClass, TransactionId transactionId) {
        return new Builder(method, messageClass, transactionId);
    }

    /** Collects attributes, then encodes them once in {@link #build()}. */
    public static final class Builder {
        private final int method;
        private final MessageClass messageClass;
        private final TransactionId transactionId;
        private final List<StunAttribute> attributes = new ArrayList<>();
        private IntegrityKey integrityKey;
        private boolean fingerprint;

        private Builder(int method, MessageClass messageClass, TransactionId transactionId) {
            StunMethod.messageType(method, messageClass); // checks the method fits
            this.method = method;
            this.messageClass = Objects.requireNonNull(messageClass, "messageClass");
            this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
        }

        /** Adds an attribute (MESSAGE-INTEGRITY and FINGERPRINT are added by {@link #integrity} and {@link #fingerprint}). */
        public Builder add(StunAttribute attribute) {
            if (attribute instanceof StunAttribute.MessageIntegrity || attribute instanceof StunAttribute.Fingerprint) {
                throw new IllegalArgumentException("use integrity(key) and fingerprint(): they are computed at build()");
            }
            attributes.add(Objects.requireNonNull(attribute, "attribute"));
            return this;
        }

        /** Ends the message with MESSAGE-INTEGRITY under this key (before FINGERPRINT, if any). */
        public Builder integrity(IntegrityKey key) {
            this.integrityKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Ends the message with FINGERPRINT. */
        public Builder fingerprint() {
            this.fingerprint = true;
            return this;
        }

        public StunMessage build() {
            if (transactionId.isClassic() && (integrityKey != null || fingerprint)) {
                throw new IllegalStateException("RFC 3489 messages carry neither RFC 5389 MESSAGE-INTEGRITY nor FINGERPRINT");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            byte[] header = new byte[HEADER_LENGTH];
            writeShort(header, 0, StunMethod.messageType(method, messageClass));
            transactionId.writeHeaderTail(header, 4);
            out.writeBytes(header);
            byte[] mask = Arrays.copyOfRange(header, 4, HEADER_LENGTH);
            List<StunAttribute> all = new ArrayList<>(attributes);
            for (StunAttribute a : attributes) {
                writeAttribute(out, a.type(), AttributeCodec.encode(a, mask));
            }
            int integrityOffset = -1;
            if (integrityKey != null) {
                integrityOffset = out.size();
                byte[] soFar = withLength(out.toByteArray(), integrityOffset - HEADER_LENGTH + 24);
                StunAttribute.MessageIntegrity mi = new StunAttribute.MessageIntegrity(hmac(integrityKey, soFar));
                all.add(mi);
                writeAttribute(out, mi.type(), mi.hmac());
            }
            if (fingerprint) {
                byte[] soFar = withLength(out.toByteArray(), out.size() - HEADER_LENGTH + 8);
                StunAttribute.Fingerprint fp = new StunAttribute.Fingerprint(crc(soFar, soFar.length));
                all.add(fp);
                writeAttribute(out, fp.type(), AttributeCodec.encode(fp, mask));
            }
            if (out.size() > MAX_LENGTH) {
                throw new IllegalArgumentException("message would be " + out.size() + " bytes, more than " + MAX_LENGTH);
            }
            byte[] raw = withLength(out.toByteArray(), out.size() - HEADER_LENGTH);
            return new StunMessage(method, messageClass, transactionId, all, raw, integrityOffset);
        }

        private static void writeAttribute(ByteArrayOutputStream out, int type, byte[] value) {
            if (value.length > 0xFFFF) {
                throw new IllegalArgumentException(AttributeType.name(type) + " value of " + value.length + " bytes is too long");
            }
            byte[] head = new byte[4];
            writeShort(head, 0, type);
            writeShort(head, 2, value.length);
            out.writeBytes(head);
            out.writeBytes(value);
            out.writeBytes(new byte[(4 - value.length % 4) % 4]);
        }
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /** Decodes a whole buffer as one message. */
    public static StunMessage decode(byte[] data) throws StunException {
        return decode(data, 0, data.length);
    }

    /** Decodes {@code data[offset..offset+length)} as exactly one message. */
    public static StunMessage decode(byte[] data, int offset, int length) throws StunException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length < HEADER_LENGTH) {
            throw new StunException("truncated: " + length + " bytes, a STUN header needs " + HEADER_LENGTH);
        }
        int type = readShort(data, offset);
        if ((type & 0xC000) != 0) {
            throw new StunException(String.format("not STUN: the two top bits of the message type 0x%04x are not zero", type));
        }
        int bodyLength = readShort(data, offset + 2);
        // a length that is not a multiple of 4 is diagnosed below, as the bad padding or cut attribute it implies
        int present = length - HEADER_LENGTH;
        if (bodyLength > present) {
            throw new StunException("truncated: header says " + bodyLength + " bytes of attributes, " + present + " present");
        }
        if (bodyLength < present) {
            throw new StunException("wrong length: header says " + bodyLength + " bytes of attributes, " + present
                    + " bytes follow the header");
        }
        byte[] raw = Arrays.copyOfRange(data, offset, offset + length);
        TransactionId id = startsWithCookie(raw, 4)
                ? TransactionId.of(Arrays.copyOfRange(raw, 8, HEADER_LENGTH))
                : TransactionId.of(Arrays.copyOfRange(raw, 4, HEADER_LENGTH));
        byte[] mask = Arrays.copyOfRange(raw, 4, HEADER_LENGTH);
        List<StunAttribute> attributes = new ArrayList<>();
        int integrityOffset = -1;
        int pos = HEADER_LENGTH;
        while (pos < raw.length) {
            int left = raw.length - pos;
            if (left < 4) {
                throw new StunException("truncated: attribute header at offset " + pos + " has only " + left + " bytes");
            }
            int at = readShort(raw, pos);
            int len = readShort(raw, pos + 2);
            String name = AttributeType.name(at);
            if (len > left - 4) {
                throw new StunException("attribute " + name + " at offset " + pos + " claims " + len + " bytes, only "
                        + (left - 4) + " left in the message");
            }
            int padded = (len + 3) & ~3;
            if (padded > left - 4) {
                throw new StunException("bad padding: attribute " + name + " at offset " + pos + " (" + len
                        + " bytes) ends the message without padding to a multiple of 4");
            }
            if (at == AttributeType.FINGERPRINT) {
                StunAttribute fp = AttributeCodec.decode(at, raw, pos + 4, len, mask, pos);
                if (pos + 4 + padded != raw.length) {
                    throw new StunException("attribute " + AttributeType.name(readShort(raw, pos + 4 + padded))
                            + " at offset " + (pos + 4 + padded) + " follows FINGERPRINT, which must be last");
                }
                int want = crc(raw, pos);
                if (((StunAttribute.Fingerprint) fp).crc() != want) {
                    throw new StunException(String.format("FINGERPRINT mismatch: message says 0x%08x, content gives 0x%08x",
                            ((StunAttribute.Fingerprint) fp).crc(), want));
                }
                attributes.add(fp);
            } else if (integrityOffset < 0) {
                attributes.add(AttributeCodec.decode(at, raw, pos + 4, len, mask, pos));
                if (at == AttributeType.MESSAGE_INTEGRITY) {
                    integrityOffset = pos;
                }
            }
            // else: after MESSAGE-INTEGRITY, only FINGERPRINT counts (RFC 8489 §14.5)
            pos += 4 + padded;
        }
        return new StunMessage(StunMethod.ofType(type), MessageClass.ofType(type), id, attributes, raw, integrityOffset);
    }

    // ---------------------------------------------------------------------------------------------- reading

    public int method() {
        return method;
    }

    public MessageClass messageClass() {
        return messageClass;
    }

    public TransactionId transactionId() {
        return transactionId;
    }

    /** Whether this is an RFC 3489 message (no magic cookie). */
    public boolean isClassic() {
        return transactionId.isClassic();
    }

    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** The encoded message (a copy). */
    public byte[] bytes() {
        return raw.clone();
    }

    /** The first attribute of this type (later duplicates are ignored, as RFC 8489 §14 allows). */
    public Optional<StunAttribute> attribute(int type) {
        for (StunAttribute a : attributes) {
            if (a.type() == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public Optional<InetSocketAddress> address(int type) {
        return attribute(type).filter(StunAttribute.Address.class::isInstance)
                .map(a -> ((StunAttribute.Address) a).address());
    }

    /** The reflexive address: XOR-MAPPED-ADDRESS, else its pre-RFC 5389 draft number, else MAPPED-ADDRESS. */
    public Optional<InetSocketAddress> mappedAddress() {
        return address(AttributeType.XOR_MAPPED_ADDRESS)
                .or(() -> address(AttributeType.XOR_MAPPED_ADDRESS_DRAFT))
                .or(() -> address(AttributeType.MAPPED_ADDRESS));
    }

    public Optional<StunAttribute.Text> text(int type) {
        return attribute(type).filter(StunAttribute.Text.class::isInstance).map(StunAttribute.Text.class::cast);
    }

    public Optional<StunAttribute.ErrorCode> errorCode() {
        return attribute(AttributeType.ERROR_CODE).map(StunAttribute.ErrorCode.class::cast);
    }

    public Optional<Long> lifetime() {
        return attribute(AttributeType.LIFETIME).map(a -> ((StunAttribute.Lifetime) a).seconds());
    }

    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    /**
     * Whether MESSAGE-INTEGRITY is present and is the HMAC-SHA1 under this key of the message before it, with the
     * length field counting up to and including MESSAGE-INTEGRITY (RFC 8489 §14.5). False for classic messages,
     * whose integrity rule was different.
     */
    public boolean verifyIntegrity(IntegrityKey key) {
        if (integrityOffset < 0 || isClassic()) {
            return false;
        }
        byte[] soFar = withLength(Arrays.copyOf(raw, integrityOffset), integrityOffset - HEADER_LENGTH + 24);
        byte[] want = hmac(key, soFar);
        byte[] got = Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 24);
        return MessageDigest.isEqual(want, got);
    }

    /** "Binding success response" or "Allocate error response 401 Unauthorized". */
    public String summary() {
        String s = StunMethod.name(method) + " " + messageClass;
        return errorCode().map(e -> s + " " + e.code() + (e.reason().isEmpty() ? "" : " " + e.reason().strip())).orElse(s);
    }

    @Override
    public String toString() {
        return summary() + " " + transactionId + (isClassic() ? " (RFC 3489)" : "") + " "
                + attributes.stream().map(StunAttribute::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    // ---------------------------------------------------------------------------------------------- bytes

    static boolean startsWithCookie(byte[] b, int at) {
        return b.length >= at + 4 && readInt(b, at) == MAGIC_COOKIE;
    }

    static int readShort(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    static void writeShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

    private static byte[] withLength(byte[] message, int length) {
        writeShort(message, 2, length);
        return message;
    }

    private static int crc(byte[] b, int upTo) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, upTo);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    private static byte[] hmac(IntegrityKey key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.bytes(), "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }
}
