package dogdorm.dealer.heartbeat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heartbeat tokens: 24 characters of the URL-safe alphabet ({@code A-Z a-z 0-9 - _}) from 18 bytes of a
 * {@link SecureRandom} (144 bits), never one already in use. Unlike kae's (a non-cryptographic RNG, no uniqueness
 * check), a token cannot be guessed from another one.
 */
public final class Tokens {
    public static final int LENGTH = 24;
    public static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Pattern IN_PATH = Pattern.compile("(/hb/)[^/]+");
    private static final int TRIES = 10;

    private final SecureRandom random;

    public Tokens(SecureRandom random) {
        this.random = random;
    }

    /** A fresh token that {@code taken} does not know. */
    public String next(Predicate<String> taken) {
        byte[] bytes = new byte[LENGTH * 6 / 8];
        for (int i = 0; i < TRIES; i++) {
            random.nextBytes(bytes);
            String t = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!taken.test(t)) {
                return t;
            }
        }
        throw new IllegalStateException("no unused token after " + TRIES + " tries: is the random generator broken?");
    }

    /** Whether a path segment could be a token at all: 20..64 characters of the alphabet (cheap, no regex). */
    public static boolean plausible(String s) {
        if (s == null || s.length() < 20 || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The first 4 characters and an ellipsis: enough to tell tokens apart in a log, too little to use one. */
    public static String prefix(String token) {
        return token == null ? "?" : token.substring(0, Math.min(4, token.length())) + "…";
    }

    /** A request path with any heartbeat token cut down to its prefix, for log lines. */
    public static String redactPath(String path) {
        if (path == null || !path.contains("/hb/")) {
            return path;
        }
        var m = IN_PATH.matcher(path);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String seg = m.group().substring(4);
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + prefix(seg)));
        }
        m.appendTail(b);
        return b.toString();
    }
}
