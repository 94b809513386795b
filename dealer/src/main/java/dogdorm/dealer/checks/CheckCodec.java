package dogdorm.dealer.checks;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of a target's last checks: one small blob beside its stats row instead of a row per check, so
 * keeping them costs one column in a write the flush makes anyway. Packed because the flush rewrites it with every
 * check: a version byte; the distinct worker names and errors once each; the first check's time; then per check a
 * flags byte (up, has latency, has worker, has error), its time as the difference from the check before it, the
 * latency in whole microseconds and the indexes of its worker and error, all as variable-length integers. Thirty
 * checks from one worker, five minutes apart, take about 240 bytes.
 */
public final class CheckCodec {
    private static final int VERSION = 1;
    private static final int UP = 1, LATENCY = 2, WORKER = 4, ERROR = 8;
    /** An error longer than this is cut when stored (probe errors are a line). */
    static final int MAX_ERROR = 500;

    private CheckCodec() {}

    /** The checks, in the order given, as one blob; null for none. */
    public static byte[] encode(List<CheckLog.Check> checks) {
        if (checks.isEmpty()) {
            return null;
        }
        Map<String, Integer> strings = new HashMap<>();
        List<String> table = new ArrayList<>();
        for (CheckLog.Check c : checks) {
            for (String s : new String[] {c.worker(), cut(c.error())}) {
                if (s != null && strings.putIfAbsent(s, table.size()) == null) table.add(s);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 8 * checks.size());
        out.write(VERSION);
        varint(out, table.size());
        for (String s : table) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(out, utf8.length);
            out.writeBytes(utf8);
        }
        varint(out, checks.size());
        long previous = 0;
        for (CheckLog.Check c : checks) {
            String error = cut(c.error());
            out.write((c.up() ? UP : 0) | (c.latencyMs() != null ? LATENCY : 0) | (c.worker() != null ? WORKER : 0)
                    | (error != null ? ERROR : 0));
            long at = c.at().toEpochMilli();
            varint(out, zigzag(at - previous));
            previous = at;
            if (c.latencyMs() != null) varint(out, Math.max(0, Math.round(c.latencyMs() * 1000)));
            if (c.worker() != null) varint(out, strings.get(c.worker()));
            if (error != null) varint(out, strings.get(error));
        }
        return out.toByteArray();
    }

    /**
     * The checks a blob holds, in its order; none for null. Throws {@link IllegalArgumentException} naming what is
     * wrong when the blob is not one this class wrote.
     */
    public static List<CheckLog.Check> decode(byte[] blob) {
        if (blob == null || blob.length == 0) {
            return List.of();
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        try {
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new IllegalArgumentException("check record version " + version + " (this dealer reads "
                        + VERSION + ")");
            }
            String[] table = new String[count(in, blob.length)];
            for (int i = 0; i < table.length; i++) {
                byte[] utf8 = new byte[count(in, blob.length)];
                in.get(utf8);
                table[i] = new String(utf8, StandardCharsets.UTF_8);
            }
            int n = count(in, blob.length);
            List<CheckLog.Check> out = new ArrayList<>(n);
            long at = 0;
            for (int i = 0; i < n; i++) {
                int flags = in.get() & 0xff;
                at += unzigzag(varint(in));
                Double latency = (flags & LATENCY) != 0 ? varint(in) / 1000.0 : null;
                String worker = (flags & WORKER) != 0 ? string(table, varint(in)) : null;
                String error = (flags & ERROR) != 0 ? string(table, varint(in)) : null;
                out.add(new CheckLog.Check(Instant.ofEpochMilli(at), worker, (flags & UP) != 0, latency, error));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the " + n + " checks");
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("check record cut short (" + blob.length + " bytes)", e);
        }
    }

    private static String cut(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    private static String string(String[] table, long index) {
        if (index < 0 || index >= table.length) {
            throw new IllegalArgumentException("check record names string " + index + " of " + table.length);
        }
        return table[(int) index];
    }

    /** A count or length, which cannot be more than the blob's size. */
    private static int count(ByteBuffer in, int size) {
        long n = varint(in);
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("check record says " + n + " in a record of " + size + " bytes");
        }
        return (int) n;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("check record holds a number longer than 64 bits");
    }
}
