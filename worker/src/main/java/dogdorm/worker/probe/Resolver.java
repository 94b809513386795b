package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.wire.JobTarget;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a target's host name into an address of the target's family. Probes get one through their constructor. */
public interface Resolver {

    InetAddress resolve(String host, int family) throws UnknownHostException;

    /** Every address of the family, in the order the resolver gives them; never empty. */
    default List<InetAddress> resolveAll(String host, int family) throws UnknownHostException {
        return List.of(resolve(host, family));
    }

    /**
     * The address a probe should use: the target's ip when it has one, else its host name resolved — refused,
     * unprobed, when the target is public-only and the name leads to a loopback, private or other non-public
     * address (the dealer's policy, which it cannot apply to names only the worker resolves).
     */
    default InetAddress addressOf(JobTarget target) throws UnknownHostException {
        if (target.ip() != null && !target.ip().isBlank()) {
            return literal(target.ip(), target.family());
        }
        InetAddress a = resolve(target.host(), target.family());
        String why = target.publicOnly() ? Addresses.whyNotPublic(a) : null;
        if (why != null) {
            throw new UnknownHostException(target.host() + " resolves to " + Addresses.canonical(a) + " (" + why
                    + "), refused by the public-server policy");
        }
        return a;
    }

    /** Parses an IP literal (never a DNS lookup) and checks its family. */
    static InetAddress literal(String ip, int family) throws UnknownHostException {
        InetAddress a;
        try {
            a = Addresses.parse(ip);
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException(e.getMessage());
        }
        if (Addresses.family(a) != family) {
            throw new UnknownHostException(ip + " is not an IPv" + family + " address");
        }
        return a;
    }

    /** The system resolver, filtered to one family. */
    static Resolver system() {
        return (host, family) -> {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (family == 4 && a instanceof Inet4Address || family == 6 && a instanceof Inet6Address) {
                    return a;
                }
            }
            throw new UnknownHostException(host + " has no IPv" + family + " address");
        };
    }
}
