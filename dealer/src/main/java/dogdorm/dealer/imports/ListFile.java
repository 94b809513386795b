package dogdorm.dealer.imports;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a list file's name says: {@code [<anything>_]<kind>[_<transport>]_v4.csv} or {@code ..._v6.csv}, e.g.
 * {@code tcp_v4.csv}, {@code stun_tcp_v4.csv}, {@code home_tcp_v4.csv}, {@code work_dns_tcp_v6.csv}. The kind is
 * the part just before the transport (when the part before {@code _v4} is {@code udp} or {@code tcp} and the part
 * before that is a kind) or else just before the family; what comes before it only names the file, so several
 * files can hold one kind and family (an {@code # allow-private} home list beside the public one).
 */
public record ListFile(String name, Kind kind, Transport transport, int family) {
    private static final Pattern NAME = Pattern.compile("(.+)_v([46])\\.csv");
    private static final Pattern PART = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    /** The meaning of a file name, or null when it is not a list file. */
    public static ListFile of(String fileName) {
        Parsed p = parse(fileName);
        return p.why() == null ? new ListFile(fileName, p.kind(), p.transport(), p.family()) : null;
    }

    /** Why a .csv file name is not a list file, for the warning and the pages; null when it is one. */
    public static String whyNot(String fileName) {
        return parse(fileName).why();
    }

    /**
     * Whether a file that is not a list file still looks meant as one ({@code tcp_v4.cvs}, {@code tcp_v4.csv.bak},
     * {@code tpc_v4.csv}), so the pages say why it is ignored. Hidden files (an editor's swap file) are not.
     */
    public static boolean looksLikeList(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return false;
        }
        if (n.endsWith(".csv") || n.contains(".csv.") || n.endsWith(".csv~")) {
            return true;
        }
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return ext.length() == 3 && (sameLetters(ext, "csv") || oneLetterOff(ext, "csv"));
    }

    private record Parsed(Kind kind, Transport transport, int family, String why) {
        static Parsed no(String why) {
            return new Parsed(null, null, 0, why);
        }
    }

    private static Parsed parse(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        Matcher m = NAME.matcher(lower);
        if (!m.matches()) {
            return Parsed.no("name is not [<name>_]<kind>[_udp|_tcp]_v4.csv or ..._v6.csv (e.g. tcp_v4.csv, "
                    + "home_tcp_v4.csv, stun_tcp_v6.csv)");
        }
        int family = Integer.parseInt(m.group(2));
        String[] parts = m.group(1).split("_", -1);
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                return Parsed.no("'" + m.group(1) + "': each part between underscores must be letters, digits, '.' "
                        + "or '-'");
            }
        }
        String last = parts[parts.length - 1];
        Kind before = parts.length >= 2 ? listKind(parts[parts.length - 2]) : null;
        if (before != null && (last.equals("udp") || last.equals("tcp"))) {
            Transport t = Transport.parse(last);
            if (!before.runsOver(t)) {
                return Parsed.no(before.wire() + " is checked over " + before.defaultTransport().wire()
                        + " only, not " + last);
            }
            return new Parsed(before, t, family, null);
        }
        Kind kind = listKind(last);
        if (kind == null) {
            return Parsed.no("'" + last + "' is not a kind of list: expected one of " + Arrays.stream(Kind.values())
                    .filter(Kind::listable).map(Kind::wire).collect(Collectors.joining(", ")));
        }
        return new Parsed(kind, kind.defaultTransport(), family, null);
    }

    private static Kind listKind(String s) {
        for (Kind k : Kind.values()) {
            if (k.listable() && k.wire().equals(s)) {
                return k;
            }
        }
        return null;
    }

    private static boolean sameLetters(String a, String b) {
        char[] x = a.toCharArray();
        char[] y = b.toCharArray();
        Arrays.sort(x);
        Arrays.sort(y);
        return Arrays.equals(x, y);
    }

    private static boolean oneLetterOff(String a, String b) {
        int off = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) off++;
        }
        return off == 1;
    }
}
