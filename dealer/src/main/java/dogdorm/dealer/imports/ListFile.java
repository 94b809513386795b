package dogdorm.dealer.imports;

import dogdorm.common.Kind;
import dogdorm.common.Transport;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a list file's name says: {@code <kind>_v4.csv} or {@code <kind>_v6.csv}, optionally with the transport,
 * {@code <kind>_tcp_v4.csv} (e.g. {@code stun_tcp_v4.csv}).
 */
public record ListFile(String name, Kind kind, Transport transport, int family) {
    private static final Pattern NAME = Pattern.compile("([a-z-]+?)(?:_(udp|tcp))?_v([46])\\.csv");

    /** The meaning of a file name, or null when it is not a list file. */
    public static ListFile of(String fileName) {
        if (whyNot(fileName) != null) {
            return null;
        }
        Matcher m = NAME.matcher(fileName.toLowerCase(Locale.ROOT));
        m.matches();
        Kind kind = Kind.parse(m.group(1));
        Transport t = m.group(2) == null ? kind.defaultTransport() : Transport.parse(m.group(2));
        return new ListFile(fileName, kind, t, Integer.parseInt(m.group(3)));
    }

    /** Why a .csv file name is not a list file, for the warning; null when it is one. */
    public static String whyNot(String fileName) {
        Matcher m = NAME.matcher(fileName.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return "name is not <kind>_v4.csv or <kind>_v6.csv (optionally <kind>_tcp_v4.csv)";
        }
        Kind kind;
        try {
            kind = Kind.parse(m.group(1));
        } catch (IllegalArgumentException e) {
            kind = null;
        }
        if (kind == null || !kind.listable()) {
            return "'" + m.group(1) + "' is not a kind of list: expected one of " + Arrays.stream(Kind.values())
                    .filter(Kind::listable).map(Kind::wire).collect(Collectors.joining(", "));
        }
        if (m.group(2) != null && !kind.runsOver(Transport.parse(m.group(2)))) {
            return kind.wire() + " is checked over " + kind.defaultTransport().wire() + " only, not "
                    + m.group(2);
        }
        return null;
    }
}
