package dogdorm.dealer.store.sqlite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the start-up check reads from the first 100 bytes of an SQLite file (sqlite.org/fileformat.html): the page
 * size and, when the header vouches for it, the number of pages, so a file cut short is told from a sound one.
 */
record SqliteHeader(int pageSize, long pageCount) {
    static final int SIZE = 100;
    static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** The header at the start of {@code first}, or empty when those bytes are not a whole SQLite header. */
    static Optional<SqliteHeader> parse(byte[] first) {
        if (!startsWithMagic(first) || first.length < SIZE) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(first); // big-endian, as the file format
        int raw = Short.toUnsignedInt(b.getShort(16));
        int pageSize = raw == 1 ? 65_536 : raw;
        // the page count is valid only when the change counter matches "version-valid-for" (older writers)
        boolean counted = b.getInt(24) == b.getInt(92);
        return Optional.of(new SqliteHeader(pageSize, counted ? Integer.toUnsignedLong(b.getInt(28)) : 0));
    }

    static boolean startsWithMagic(byte[] first) {
        return first.length >= MAGIC.length && Arrays.equals(first, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The file size the header gives, or 0 when it gives none. */
    long expectedBytes() {
        return pageCount * pageSize;
    }
}
