package dogdorm.common;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * The IANA special-purpose address registries for IPv4 and IPv6 (RFC 6890 and its updates), as the public-server
 * policy reads them: every block whose "globally reachable" is false is refused with its name, and the IPv6 forms
 * that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16 and Teredo
 * 2001::/32) are judged by the IPv4 address they carry. IPv6 outside 2000::/3, the only block allocated for global
 * unicast, is refused too. The few globally reachable anycast blocks inside special ranges (PCP and TURN anycast,
 * AS112, AMT) pass.
 */
final class SpecialAddresses {
    /** A block of addresses and why it is refused; {@code reason} null: a globally reachable exception. */
    private record Block(byte[] prefix, int bits, String reason) {
        static Block of(String cidr, String reason) {
            int slash = cidr.indexOf('/');
            InetAddress a = Addresses.parse(cidr.substring(0, slash));
            return new Block(a.getAddress(), Integer.parseInt(cidr.substring(slash + 1)), reason);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) return false;
            }
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    /** Checked in order: the globally reachable exceptions come before the block that holds them. */
    private static final List<Block> V4 = List.of(
            Block.of("0.0.0.0/8", "unspecified address (0.0.0.0/8)"),
            Block.of("10.0.0.0/8", "private address"),
            Block.of("100.64.0.0/10", "private address (carrier-grade NAT 100.64.0.0/10)"),
            Block.of("127.0.0.0/8", "loopback address"),
            Block.of("169.254.0.0/16", "link-local address"),
            Block.of("172.16.0.0/12", "private address"),
            Block.of("192.0.0.9/32", null), // PCP anycast
            Block.of("192.0.0.10/32", null), // TURN anycast
            Block.of("192.0.0.0/24", "IETF protocol assignment (192.0.0.0/24)"),
            Block.of("192.0.2.0/24", "documentation address"),
            Block.of("192.88.99.0/24", "6to4 relay anycast address (192.88.99.0/24, deprecated)"),
            Block.of("192.168.0.0/16", "private address"),
            Block.of("198.18.0.0/15", "benchmarking address (198.18.0.0/15)"),
            Block.of("198.51.100.0/24", "documentation address"),
            Block.of("203.0.113.0/24", "documentation address"),
            Block.of("224.0.0.0/4", "multicast address"),
            Block.of("255.255.255.255/32", "broadcast address"),
            Block.of("240.0.0.0/4", "reserved address (240.0.0.0/4)"));

    private static final List<Block> V6 = List.of(
            Block.of("::/128", "unspecified address"),
            Block.of("::1/128", "loopback address"),
            Block.of("64:ff9b:1::/48", "local-use NAT64 address (64:ff9b:1::/48)"),
            Block.of("100::/64", "discard-only address (100::/64)"),
            Block.of("100:0:0:1::/64", "dummy IPv6 prefix (100:0:0:1::/64)"),
            Block.of("2001:1::1/128", null), // PCP anycast
            Block.of("2001:1::2/128", null), // TURN anycast
            Block.of("2001:1::3/128", null), // DNS-SD service registration anycast
            Block.of("2001:3::/32", null), // AMT
            Block.of("2001:4:112::/48", null), // AS112-v6
            Block.of("2001:20::/28", null), // ORCHIDv2
            Block.of("2001:30::/28", null), // drone remote ID
            Block.of("2001:2::/48", "benchmarking address (2001:2::/48)"),
            Block.of("2001:db8::/32", "documentation address"),
            Block.of("2001::/23", "IETF protocol assignment (2001::/23)"),
            Block.of("3fff::/20", "documentation address"),
            Block.of("fc00::/7", "private address (unique local fc00::/7)"),
            Block.of("fe80::/10", "link-local address"),
            Block.of("fec0::/10", "private address (site-local fec0::/10)"),
            Block.of("ff00::/8", "multicast address"));

    private static final Block MAPPED = Block.of("::ffff:0:0/96", null);
    private static final Block COMPATIBLE = Block.of("::/96", null);
    private static final Block NAT64 = Block.of("64:ff9b::/96", null);
    private static final Block SIX_TO_FOUR = Block.of("2002::/16", null);
    private static final Block TEREDO = Block.of("2001::/32", null);
    private static final Block GLOBAL_UNICAST = Block.of("2000::/3", null);

    private SpecialAddresses() {}

    /** Why {@code a} is not a public unicast address, or null when it is. */
    static String whyNotPublic(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return first(V4, b);
        }
        // the IPv4 an IPv6 address carries decides, before the IPv6 blocks (::/96 holds :: and ::1, checked first)
        if (MAPPED.contains(b)) {
            return embedded(Arrays.copyOfRange(b, 12, 16), "IPv4-mapped");
        }
        if (COMPATIBLE.contains(b) && !V6.get(0).contains(b) && !V6.get(1).contains(b)) {
            return embedded(Arrays.copyOfRange(b, 12, 16), "IPv4-compatible");
        }
        if (NAT64.contains(b)) {
            return embedded(Arrays.copyOfRange(b, 12, 16), "NAT64");
        }
        if (SIX_TO_FOUR.contains(b)) {
            return embedded(Arrays.copyOfRange(b, 2, 6), "6to4");
        }
        if (TEREDO.contains(b)) {
            // RFC 4380: the Teredo server's IPv4 in bits 32-63, the client's, inverted, in the last 32 bits
            String server = embedded(Arrays.copyOfRange(b, 4, 8), "Teredo server");
            if (server != null) {
                return server;
            }
            byte[] client = Arrays.copyOfRange(b, 12, 16);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return embedded(client, "Teredo client");
        }
        String why = first(V6, b);
        if (why != null) {
            return why;
        }
        return GLOBAL_UNICAST.contains(b) ? null : "reserved address (outside the global unicast 2000::/3)";
    }

    private static String first(List<Block> blocks, byte[] b) {
        for (Block block : blocks) {
            if (block.contains(b)) {
                return block.reason();
            }
        }
        return null;
    }

    /** The verdict on the IPv4 address an IPv6 one carries, saying how it was carried. */
    private static String embedded(byte[] v4, String how) {
        try {
            String why = first(V4, InetAddress.getByAddress(v4).getAddress());
            return why == null ? null : why + " (" + how + ")";
        } catch (UnknownHostException e) {
            return "malformed " + how + " address";
        }
    }
}
