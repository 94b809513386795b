package dogdorm.worker.probe.codec;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A STUN transaction id: 96 bits after the magic cookie (RFC 5389/8489), or the 128 bits of an RFC 3489
 * ("classic") header, which has no cookie. A classic id never starts with the magic cookie, so a classic message
 * can never be mistaken for a modern one.
 */
public final class TransactionId {
    public static final int LENGTH = 12;
    public static final int CLASSIC_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh random 96-bit id for an RFC 5389 message. */
    public static TransactionId random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new TransactionId(b);
    }

    /** A fresh random 128-bit id for an RFC 3489 message (never starting with the magic cookie). */
    public static TransactionId randomClassic() {
        byte[] b = new byte[CLASSIC_LENGTH];
        do {
            RANDOM.nextBytes(b);
        } while (StunMessage.startsWithCookie(b, 0));
        return new TransactionId(b);
    }

    /** An id from its bytes: 12 for RFC 5389, 16 for RFC 3489 (which then must not start with the cookie). */
    public static TransactionId of(byte[] bytes) {
        if (bytes.length != LENGTH && bytes.length != CLASSIC_LENGTH) {
            throw new IllegalArgumentException("a transaction id has 12 or 16 bytes, not " + bytes.length);
        }
        if (bytes.length == CLASSIC_LENGTH && StunMessage.startsWithCookie(bytes, 0)) {
            throw new IllegalArgumentException("a 16-byte (RFC 3489) transaction id must not start with the magic cookie");
        }
        return new TransactionId(bytes.clone());
    }

    /** Whether this id belongs to an RFC 3489 message (no magic cookie). */
    public boolean isClassic() {
        return bytes.length == CLASSIC_LENGTH;
    }

    /** Writes the 16 header bytes after type and length: cookie and id, or the classic id. */
    void writeHeaderTail(byte[] out, int at) {
        if (isClassic()) {
            System.arraycopy(bytes, 0, out, at, CLASSIC_LENGTH);
        } else {
            StunMessage.writeInt(out, at, StunMessage.MAGIC_COOKIE);
            System.arraycopy(bytes, 0, out, at + 4, LENGTH);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
