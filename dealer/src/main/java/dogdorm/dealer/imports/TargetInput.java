package dogdorm.dealer.imports;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.TargetSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A target as a person gives it in the UI or the API, field by field, as text: what a list file's name says (kind,
 * family, transport) and what its line says (ip, port, host, user, password, interval, timeout, vantage, tags
 * separated by {@code ;}, commas or spaces, the kind's options). {@link #spec()} checks it by the rules of a list
 * line ({@link CsvList#fields}), so a target the UI takes is one a list file would take; every reason names its
 * field. Blank fields are left out: the transport is the kind's own, the family that of the ip (IPv4 for a target
 * named by host only).
 *
 * <p>Targets added in the UI may use private, loopback and other non-public addresses, as the rows of a list file
 * that begins with {@code # allow-private} may: the admin who adds one (behind the admin's password) says so, as
 * the person who writes that line does. The public-server policy guards against lists of servers from elsewhere.
 */
public record TargetInput(String kind, String family, String transport, String ip, String port, String host,
                          String user, String password, String interval, String timeout, String vantage,
                          String tags, Map<String, String> options) {
    /** Whether the UI's targets may use non-public addresses (see above). */
    public static final boolean ALLOW_PRIVATE = true;

    /** The target, from the UI ({@link Source#ui()}); an {@link IllegalArgumentException} names what is wrong. */
    public TargetSpec spec() {
        ListFile list = list();
        return CsvList.fields(list, ip, port, host, user, password, interval, timeout, vantage, tags, options,
                Source.ui(), ALLOW_PRIVATE);
    }

    /** The list file a row of this kind, family and transport would be in (its name: {@link #fileName}). */
    ListFile list() {
        Kind k = parsedKind();
        Transport t = transport(k);
        int f = parsedFamily();
        return new ListFile(fileName(k, t, f), k, t, f);
    }

    /**
     * The list file name for rows of a kind, transport and family: {@code tcp_v4.csv}, {@code stun_tcp_v6.csv}
     * (the transport only when it is not the kind's own).
     */
    public static String fileName(Kind kind, Transport transport, int family) {
        return kind.wire() + (transport == kind.defaultTransport() ? "" : "_" + transport.wire()) + "_v" + family
                + ".csv";
    }

    private Kind parsedKind() {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind: missing (one of " + kinds() + ")");
        }
        Kind k;
        try {
            k = Kind.parse(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind: '" + kind.strip() + "' is not one of " + kinds());
        }
        if (!k.listable()) {
            throw new IllegalArgumentException("kind: '" + k + "' is not one of " + kinds());
        }
        return k;
    }

    private static String kinds() {
        return Arrays.stream(Kind.values()).filter(Kind::listable).map(Kind::wire).collect(Collectors.joining(", "));
    }

    private Transport transport(Kind k) {
        if (transport == null || transport.isBlank()) {
            return k.defaultTransport();
        }
        Transport t;
        try {
            t = Transport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport: '" + transport.strip() + "' is not udp, tcp or icmp");
        }
        if (!k.runsOver(t)) {
            throw new IllegalArgumentException("transport: a " + k + " target is checked over "
                    + (k.runsOver(Transport.TCP) && k.defaultTransport() != Transport.TCP ? k.defaultTransport()
                    + " or tcp" : k.defaultTransport() + " only") + ", not " + t);
        }
        return t;
    }

    private int parsedFamily() {
        Integer ofIp = null;
        String i = ip == null ? "" : ip.strip();
        if (!i.isEmpty() && !i.equals("0") && Addresses.isLiteral(i)) {
            ofIp = Addresses.family(Addresses.parse(i));
        }
        if (family == null || family.isBlank()) {
            return ofIp != null ? ofIp : 4;
        }
        int f = switch (family.strip()) {
            case "4" -> 4;
            case "6" -> 6;
            default -> throw new IllegalArgumentException("family: '" + family.strip() + "' is not 4 or 6");
        };
        if (ofIp != null && ofIp != f) {
            throw new IllegalArgumentException("family: " + f + ", but ip " + i + " is an IPv" + ofIp + " address");
        }
        return f;
    }
}
