package dogdorm.worker.probe.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The HMAC key of MESSAGE-INTEGRITY. It holds only the derived key, never the password, and never prints
 * either: a key can reach a log line or an exception message without leaking anything.
 *
 * <p>Passwords are used as their UTF-8 bytes: SASLprep (RFC 4013) is not applied, which makes no difference
 * for ASCII passwords without control characters.
 */
public final class IntegrityKey {
    private final byte[] key;

    private IntegrityKey(byte[] key) {
        this.key = key;
    }

    /** The long-term credential key (RFC 8489 §9.2.2): MD5(username ":" realm ":" password). */
    public static IntegrityKey longTerm(String username, byte[] realm, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(username.getBytes(StandardCharsets.UTF_8));
            md5.update((byte) ':');
            md5.update(realm);
            md5.update((byte) ':');
            md5.update(password.getBytes(StandardCharsets.UTF_8));
            return new IntegrityKey(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** The long-term key with a text realm. */
    public static IntegrityKey longTerm(String username, String realm, String password) {
        return longTerm(username, realm.getBytes(StandardCharsets.UTF_8), password);
    }

    /** The short-term credential key (RFC 8489 §9.1.1): the password itself. */
    public static IntegrityKey shortTerm(String password) {
        return new IntegrityKey(password.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return key;
    }

    @Override
    public String toString() {
        return "IntegrityKey(redacted)";
    }
}
