package dogdorm.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP literals (parsed without ever asking DNS) and the public-address policy. */
public final class Addresses {
    private static final Pattern V4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Addresses() {}

    /** Parses an IPv4 or IPv6 literal ({@code [::1]} brackets allowed); never a host name lookup. */
    public static InetAddress parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("ip: missing");
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!V4.matcher(s).matches() && !(V6.matcher(s).matches() && s.length() <= 45)) {
            throw new IllegalArgumentException("" + Visible.quoted(text) + " is not an IP address");
        }
        try {
            return InetAddress.getByName(s); // a literal: getByName only parses it
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("" + Visible.quoted(text) + " is not an IP address");
        }
    }

    /** Whether text is an IP literal of either family. */
    public static boolean isLiteral(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static int family(InetAddress a) {
        return a instanceof Inet6Address ? 6 : 4;
    }

    /**
     * An address with its port as people and URLs write it: {@code 192.0.2.1:3478}, {@code [2001:db8::1]:3478};
     * the address alone when the port is 0 (ICMP).
     */
    public static String withPort(String ip, int port) {
        if (port == 0) {
            return ip;
        }
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** {@link #withPort(String, int)} of the canonical form. */
    public static String withPort(InetAddress a, int port) {
        return withPort(canonical(a), port);
    }

    /** Canonical text form: {@code 192.0.2.1}, {@code 2001:db8::1} (compressed, lower case). */
    public static String canonical(InetAddress a) {
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] == 0) {
                int j = i;
                while (j < 8 && words[j] == 0) j++;
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** A reason from {@link #whyNotPublic} with its article: "a private address", "an unspecified address". */
    public static String aReason(String why) {
        return ("aeiou".indexOf(why.charAt(0)) >= 0 ? "an " : "a ") + why;
    }

    /**
     * Why an address is not a public unicast address, or null when it is: the one classifier every policy check
     * uses (lists, keepalive configs, names a worker resolves, addresses a probed server names). Loopback, private
     * (RFC 1918, unique local fc00::/7), carrier-grade NAT, link-local, multicast, unspecified, documentation,
     * benchmarking and every other block the IANA special-purpose registries mark as not globally reachable are
     * refused; an IPv6 address carrying an IPv4 one (IPv4-mapped or -compatible, NAT64, 6to4, Teredo) is judged by
     * the IPv4 it carries ({@link SpecialAddresses}).
     */
    public static String whyNotPublic(InetAddress a) {
        return SpecialAddresses.whyNotPublic(a);
    }
}
