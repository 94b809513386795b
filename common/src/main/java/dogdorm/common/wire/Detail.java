package dogdorm.common.wire;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reading a result's {@code detail} map (JSON read untyped, or maps built in Java) into the finding records: each
 * value's type is checked, and each failure names the key, with its path when nested ({@code services[2].kind}).
 */
final class Detail {
    private Detail() {}

    static Object required(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return v;
    }

    static String text(Object v, String key) {
        if (v instanceof String s) {
            return s;
        }
        throw wrong(key, "text", v);
    }

    static List<?> list(Object v, String key) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw wrong(key, "a list", v);
    }

    static Map<?, ?> object(Object v, String key) {
        if (v == null) {
            throw new IllegalArgumentException(key + ": missing");
        }
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw wrong(key, "an object", v);
    }

    /** A whole number that fits an int: 3478, not 3478.5 nor "3478". */
    static int whole(Object v, String key) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            long n = ((Number) v).longValue();
            if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        }
        if (v instanceof BigInteger b && b.bitLength() < 32) {
            return b.intValue();
        }
        throw wrong(key, "a whole number", v);
    }

    /** Reads a nested value, putting {@code path} before the name of whatever was wrong in it. */
    static <T> T at(String path, Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + "." + e.getMessage(), e);
        }
    }

    /** Parses one value, putting {@code key} before the parser's complaint. */
    static <T> T parsed(String key, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException wrong(String key, String expected, Object found) {
        return new IllegalArgumentException(key + ": expected " + expected + " but found " + describe(found));
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "text \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v instanceof Number n) {
            return "the number " + n;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        return String.valueOf(v);
    }
}
