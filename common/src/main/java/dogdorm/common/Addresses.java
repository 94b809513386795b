package dogdorm.common;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
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
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s); // a literal: getByName only parses it
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
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
     * Why an address is not a public unicast address, or null when it is: loopback, private (RFC 1918, unique
     * local fc00::/7), carrier-grade NAT, link-local, multicast, unspecified, documentation and other reserved
     * ranges are refused by the public-server policy.
     */
    public static String whyNotPublic(InetAddress a) {
        if (a.isAnyLocalAddress()) return "unspecified address";
        if (a.isLoopbackAddress()) return "loopback address";
        if (a.isLinkLocalAddress()) return "link-local address";
        if (a.isMulticastAddress()) return "multicast address";
        if (a.isSiteLocalAddress()) return "private address";
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int o0 = b[0] & 0xff, o1 = b[1] & 0xff, o2 = b[2] & 0xff;
            if (o0 == 0) return "unspecified address (0.0.0.0/8)";
            if (o0 == 100 && o1 >= 64 && o1 <= 127) return "private address (carrier-grade NAT 100.64.0.0/10)";
            if (o0 == 192 && o1 == 0 && o2 == 2 || o0 == 198 && o1 == 51 && o2 == 100
                    || o0 == 203 && o1 == 0 && o2 == 113) return "documentation address";
            if (o0 == 198 && (o1 == 18 || o1 == 19)) return "benchmarking address (198.18.0.0/15)";
            if (o0 >= 240) return "reserved address (240.0.0.0/4)";
            return null;
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if ((b[0] & 0xfe) == 0xfc) return "private address (unique local fc00::/7)";
        if ((w0 & 0xffc0) == 0xfec0) return "private address (site-local fec0::/10)";
        if (w0 == 0x2001 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) return "documentation address";
        boolean mapped = true;
        for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            try {
                String why = whyNotPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                return why == null ? null : why + " (IPv4-mapped)";
            } catch (UnknownHostException e) {
                return "malformed IPv4-mapped address";
            }
        }
        return null;
    }
}
