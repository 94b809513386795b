package dogdorm.dealer.schedule;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs lease ids for the worker they are dealt to: an id is {@code <dealer run>-<number>.<signature>}, the signature
 * an HMAC-SHA256 of the id and the worker's name under a secret key (kept in the data folder, so it outlives a
 * restart), cut to 128 bits and written in URL-safe base64. A result is checked against it before anything else: a
 * lease id the dealer did not sign (made up, or altered) or signed for another worker is refused with that reason,
 * without a lookup. The key never leaves the dealer.
 */
public final class LeaseSigner {
    private static final String ALGORITHM = "HmacSHA256";
    /** Bytes of the signature kept: 16 (128 bits), 22 characters. */
    private static final int KEPT = 16;
    public static final int KEY_BYTES = 32;

    /** One keyed MAC per thread: looking the algorithm up and keying it cost more than the MAC itself. */
    private final ThreadLocal<Mac> macs;

    public LeaseSigner(byte[] key) {
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("a lease key needs " + KEY_BYTES + " bytes, not " + key.length);
        }
        SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        });
    }

    /** The file in the data folder that holds the key. */
    public static final String KEY_FILE = "lease.key";

    /**
     * The signer of the dealer whose data folder is {@code dataDir}: its key from {@value #KEY_FILE}, made (32 random
     * bytes, readable by the owner only) when the folder has none yet. A key file that is too short or unreadable
     * stops the start with a message naming it.
     */
    public static LeaseSigner ofDataFolder(java.nio.file.Path dataDir) throws java.io.IOException {
        java.nio.file.Path file = dataDir.resolve(KEY_FILE);
        if (!java.nio.file.Files.exists(file)) {
            byte[] key = new byte[KEY_BYTES];
            new java.security.SecureRandom().nextBytes(key);
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dataDir, KEY_FILE, ".tmp");
            try {
                try {
                    java.nio.file.Files.setPosixFilePermissions(tmp,
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own protection is what there is
                }
                java.nio.file.Files.write(tmp, key);
                java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        }
        byte[] key = java.nio.file.Files.readAllBytes(file);
        if (key.length < KEY_BYTES) {
            throw new java.io.IOException(file + " holds " + key.length + " bytes; a lease key needs " + KEY_BYTES
                    + " (delete the file and the dealer makes a new one; leases out now are then refused)");
        }
        return new LeaseSigner(key);
    }

    /** The id as dealt to {@code worker}: {@code id.signature}. */
    public String sign(String id, String worker) {
        return id + "." + signature(id, worker);
    }

    /** What a lease id a worker sent says, checked: the bare id when it was signed for {@code worker}. */
    public sealed interface Checked {
        /** Signed for this worker: {@code id} is the lease to look up. */
        record Ok(String id) implements Checked {}

        /** Well formed, signed by this dealer, for another worker. */
        record OtherWorker(String id) implements Checked {}

        /** Not a lease this dealer signed. */
        record Forged(String why) implements Checked {}
    }

    /**
     * Checks {@code signed} for {@code worker}; {@code dealtTo} is the worker the lease was dealt to when the dealer
     * still knows the lease (null when it does not), so a lease of another worker is told apart from a forged one.
     */
    public Checked check(String signed, String worker, java.util.function.Function<String, String> dealtTo) {
        int dot = signed == null ? -1 : signed.lastIndexOf('.');
        if (dot <= 0 || dot == signed.length() - 1) {
            return new Checked.Forged("lease '" + shorten(signed) + "' is not a lease id this dealer deals "
                    + "(no signature)");
        }
        String id = signed.substring(0, dot);
        byte[] given = signed.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(given, signature(id, worker).getBytes(StandardCharsets.US_ASCII))) {
            return new Checked.Ok(id);
        }
        String owner = dealtTo.apply(id);
        if (owner != null && !owner.equals(worker)
                && MessageDigest.isEqual(given, signature(id, owner).getBytes(StandardCharsets.US_ASCII))) {
            return new Checked.OtherWorker(id);
        }
        return new Checked.Forged("lease " + shorten(id) + ": its signature is not this dealer's for worker "
                + shorten(worker) + " (forged or altered)");
    }

    private String signature(String id, String worker) {
        Mac mac = macs.get();
        mac.update(id.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] full = mac.doFinal(worker.getBytes(StandardCharsets.UTF_8)); // doFinal also resets it
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, KEPT));
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
