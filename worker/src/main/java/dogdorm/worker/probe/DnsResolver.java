package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves a target's host name with dnsjava: A for family 4, AAAA for family 6, asking the configured DNS
 * server(s) directly each time. Unlike {@link InetAddress#getByName}, nothing is cached in the JVM, so a name that
 * moves to a new address is seen at the next check. Names are taken as absolute (no search domains) and
 * {@code /etc/hosts} is not read: targets are public names.
 *
 * <p>Servers are tried in order within the per-call timeout (each gets an equal share of what is left); a UDP
 * reply with the TC flag is asked again over TCP. NXDOMAIN and "no such record" are final answers; SERVFAIL,
 * REFUSED, garbage and silence move on to the next server. Failures are {@link UnknownHostException}s whose
 * message says which: {@code no such name (NXDOMAIN)}, {@code has no IPv6 address (no AAAA record)},
 * {@code no answer from 127.0.0.1:53 within 2000 ms}, {@code SERVFAIL from ...}.
 */
public final class DnsResolver implements Resolver {
    private static final Logger log = LoggerFactory.getLogger(DnsResolver.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    /** CNAME hops followed before giving up on a chain. */
    static final int MAX_CNAMES = 8;

    private final List<InetSocketAddress> servers;
    private final Duration timeout;

    public DnsResolver(List<InetSocketAddress> servers, Duration timeout) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no DNS server to ask");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("resolver timeout must be positive");
        }
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    /** Asks one server, given as {@code IP}, {@code IP:PORT}, {@code [IPv6]:PORT} or a bare IPv6 literal. */
    public static DnsResolver at(String server, Duration timeout) {
        return new DnsResolver(List.of(parseServer(server)), timeout);
    }

    /** Asks the system's DNS servers (from {@code /etc/resolv.conf} and the like, read by dnsjava). */
    public static DnsResolver system(Duration timeout) {
        List<InetSocketAddress> found = ResolverConfig.getCurrentConfig().servers();
        if (found.isEmpty()) {
            throw new IllegalStateException("the system names no DNS server (see /etc/resolv.conf)");
        }
        return new DnsResolver(found, timeout);
    }

    /** Parses {@code IP[:PORT]} (IPv6 as {@code [::1]:5353}, or bare {@code ::1} for port 53); no DNS lookup. */
    public static InetSocketAddress parseServer(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("resolver address is empty: expected IP or IP:PORT");
        }
        String s = text.strip();
        String host = s;
        int port = DnsProbe.DNS_PORT;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("resolver address '" + text + "' lacks its closing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("resolver address '" + text + "': expected [IPv6]:PORT");
                }
                port = port(rest.substring(1), text);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1), text);
        }
        InetAddress ip;
        try {
            ip = Addresses.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resolver address '" + text + "': " + e.getMessage()
                    + " (a resolver is given by IP, IPv6 as [::1]:5353)");
        }
        return new InetSocketAddress(ip, port);
    }

    private static int port(String text, String whole) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("resolver address '" + whole + "': port '" + text
                + "' is not a number from 1 to 65535");
    }

    public List<InetSocketAddress> servers() {
        return servers;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public InetAddress resolve(String host, int family) throws UnknownHostException {
        return resolveAll(host, family).get(0);
    }

    /** Every address of the family the first server that knows the name gives, in its order; never empty. */
    @Override
    public List<InetAddress> resolveAll(String host, int family) throws UnknownHostException {
        if (family != 4 && family != 6) {
            throw new UnknownHostException(host + ": address family " + family + " is neither 4 nor 6");
        }
        if (host == null || host.isBlank()) {
            throw new UnknownHostException("no host name to resolve");
        }
        if (Addresses.isLiteral(host)) {
            return List.of(Resolver.literal(host, family));
        }
        Name name;
        try {
            name = Name.fromString(host.strip(), Name.root);
        } catch (TextParseException e) {
            throw new UnknownHostException(host + ": not a valid host name (" + e.getMessage() + ")");
        }
        int type = family == 6 ? Type.AAAA : Type.A;
        TimeBudget budget = TimeBudget.of(timeout);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            InetSocketAddress server = servers.get(i);
            if (budget.expired()) {
                failures.add("no time left for " + describe(server));
                break;
            }
            TimeBudget share = budget.less(Duration.ofNanos(budget.remainingNanos() / (servers.size() - i)
                    * (servers.size() - i - 1)));
            try {
                return ask(server, name, type, host, family, share);
            } catch (Settled e) {
                throw e.unknownHost;
            } catch (UnknownHostException e) {
                failures.add(e.getMessage());
                log.debug("resolving {} at {}: {}", host, describe(server), e.getMessage());
            }
        }
        throw new UnknownHostException(host + ": " + String.join("; ", failures));
    }

    /** An answer that other servers would not change (NXDOMAIN, no such record). */
    private static final class Settled extends Exception {
        final UnknownHostException unknownHost;

        Settled(String message) {
            super(message, null, false, false);
            this.unknownHost = new UnknownHostException(message);
        }
    }

    private List<InetAddress> ask(InetSocketAddress server, Name name, int type, String host, int family,
                            TimeBudget budget) throws UnknownHostException, Settled {
        Name current = name;
        for (int hop = 0; hop <= MAX_CNAMES; hop++) {
            Message reply = exchange(server, current, type, budget);
            int rcode = reply.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                throw new Settled(host + ": no such name (NXDOMAIN"
                        + (current.equals(name) ? "" : " for " + current.toString(true)) + ")");
            }
            if (rcode != Rcode.NOERROR) {
                throw new UnknownHostException(Rcode.string(rcode) + " from " + describe(server));
            }
            // follow the CNAME chain inside this answer
            List<Record> answers = reply.getSection(Section.ANSWER);
            String hostName = name.toString(true);
            Name wanted = current;
            for (int step = 0; step <= MAX_CNAMES; step++) {
                List<InetAddress> found = new ArrayList<>();
                Name next = null;
                for (Record r : answers) {
                    if (!r.getName().equals(wanted)) {
                        continue;
                    }
                    if (type == Type.A && r instanceof ARecord a) {
                        found.add(InetAddress.getByAddress(hostName, a.getAddress().getAddress()));
                    } else if (type == Type.AAAA && r instanceof AAAARecord a) {
                        found.add(InetAddress.getByAddress(hostName, a.getAddress().getAddress()));
                    } else if (r instanceof CNAMERecord c) {
                        next = c.getTarget();
                    }
                }
                if (!found.isEmpty()) {
                    return found;
                }
                if (next == null) {
                    break;
                }
                wanted = next;
            }
            if (wanted.equals(current)) {
                throw new Settled(host + " has no IPv" + family + " address (no " + Type.string(type) + " record)");
            }
            current = wanted; // the server gave the alias but not its address: ask for the alias itself
        }
        throw new Settled(host + ": more than " + MAX_CNAMES + " CNAMEs");
    }

    private static Message exchange(InetSocketAddress server, Name name, int type, TimeBudget budget)
            throws UnknownHostException {
        try {
            DnsExchange.Reply reply = DnsExchange.exchange(server, DnsExchange.query(name, type), false, budget);
            if (reply.truncated()) {
                reply = DnsExchange.exchange(server, DnsExchange.query(name, type), true, budget);
            }
            return reply.message();
        } catch (SocketTimeoutException e) {
            throw new UnknownHostException("no answer from " + describe(server) + " within "
                    + budget.totalMillis() + " ms");
        } catch (PortUnreachableException | ConnectException e) {
            throw new UnknownHostException("no DNS server at " + describe(server) + " (port unreachable)");
        } catch (DnsExchange.BadReply e) {
            throw new UnknownHostException("bad reply from " + describe(server) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UnknownHostException("asking " + describe(server) + ": " + e);
        }
    }

    static String describe(InetSocketAddress server) {
        return Addresses.withPort(server.getAddress(), server.getPort());
    }

    @Override
    public String toString() {
        return "DNS resolver " + servers.stream().map(DnsResolver::describe).collect(Collectors.joining(", "))
                + " (timeout " + timeout.toMillis() + " ms)";
    }
}
