package dogdorm.worker.peers;

import dogdorm.common.Addresses;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real dnsmasq answering for made-up names under {@code test.} on 127.0.0.1 and ::1 (UDP and TCP). Names live in
 * an {@code addn-hosts} file, so {@link #setAddresses} can move a name at runtime (the file is rewritten and
 * dnsmasq re-reads it on SIGHUP). Any other domain is REFUSED (no upstream servers); an unknown name under
 * {@code test.} is NXDOMAIN; a known name asked for a type it lacks is NOERROR with no answer.
 *
 * <p>Names at start: {@code stun.test} (127.0.0.1 and ::1), {@code only4.test} (127.0.0.2, no AAAA),
 * {@code only6.test} (::1, no A), and {@code www.stun.test}, a CNAME for {@code stun.test}.
 */
public final class Dnsmasq extends Peer {
    public static final String BOTH = "stun.test";
    public static final String ONLY_V4 = "only4.test";
    public static final String ONLY_V6 = "only6.test";
    public static final String ALIAS = "www.stun.test";

    private final Path hosts;
    private final int port;
    private final Map<String, List<String>> names;

    private Dnsmasq(PeerProcess process, Path hosts, int port, Map<String, List<String>> names) {
        super(process);
        this.hosts = hosts;
        this.port = port;
        this.names = names;
    }

    public static Dnsmasq start() throws IOException, InterruptedException {
        return start(new String[0]);
    }

    /** Starts with extra configuration lines, e.g. {@code address=/bench.test/127.0.0.1} (a wildcard name). */
    public static Dnsmasq start(String... extraConfig) throws IOException, InterruptedException {
        Path dnsmasq = Peers.binary("dnsmasq", "dnsmasq-base");
        Path dir = Peers.workDir("dnsmasq");
        int port = Peers.freePorts(1, "127.0.0.1", "::1");
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put(BOTH, List.of("127.0.0.1", "::1"));
        names.put(ONLY_V4, List.of("127.0.0.2"));
        names.put(ONLY_V6, List.of("::1"));
        Path hosts = dir.resolve("hosts");
        writeHosts(hosts, names);
        StringBuilder conf = new StringBuilder()
                .append("port=").append(port).append('\n')
                .append("listen-address=127.0.0.1\n")
                .append("listen-address=::1\n")
                .append("bind-interfaces\n")
                .append("no-resolv\n")
                .append("no-hosts\n")
                .append("local=/test/\n")
                .append("addn-hosts=").append(hosts).append('\n')
                .append("cname=").append(ALIAS).append(',').append(BOTH).append('\n')
                .append("pid-file=").append(dir.resolve("dnsmasq.pid")).append('\n')
                .append("log-facility=-\n")
                .append("log-queries\n");
        if (Peers.isRoot()) {
            conf.append("user=root\n");
        }
        for (String line : extraConfig) {
            conf.append(line).append('\n');
        }
        Path confFile = dir.resolve("dnsmasq.conf");
        Files.writeString(confFile, conf);
        PeerProcess p = PeerProcess.start("dnsmasq", List.of(dnsmasq.toString(), "-k", "-C", confFile.toString()),
                dir, Duration.ofSeconds(10),
                () -> addresses(Addresses.parse("127.0.0.1"), port, BOTH, Type.A).equals(Set.of("127.0.0.1"))
                        && addresses(Addresses.parse("::1"), port, BOTH, Type.AAAA).equals(Set.of("::1")));
        return new Dnsmasq(p, hosts, port, names);
    }

    private static void writeHosts(Path hosts, Map<String, List<String>> names) throws IOException {
        StringBuilder b = new StringBuilder();
        names.forEach((name, ips) -> ips.forEach(ip -> b.append(ip).append(' ').append(name).append('\n')));
        Path tmp = hosts.resolveSibling(hosts.getFileName() + ".tmp");
        Files.writeString(tmp, b);
        Files.move(tmp, hosts, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Gives {@code name} (under {@code test.}) exactly these addresses, IPv4 and/or IPv6 (none removes it), and
     * returns once dnsmasq answers with them.
     */
    public synchronized void setAddresses(String name, String... ips) throws IOException, InterruptedException {
        if (!name.endsWith(".test")) {
            throw new IllegalArgumentException(name + " is not under test.");
        }
        if (ips.length == 0) {
            names.remove(name);
        } else {
            names.put(name, List.of(ips));
        }
        writeHosts(hosts, names);
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("could not send SIGHUP to " + process);
        }
        Set<String> v4 = new TreeSet<>();
        Set<String> v6 = new TreeSet<>();
        for (String ip : ips) {
            InetAddress a = Addresses.parse(ip);
            (Addresses.family(a) == 6 ? v6 : v4).add(Addresses.canonical(a));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        InetAddress local = Addresses.parse("127.0.0.1");
        while (!serves(local, name, v4, v6)) {
            if (System.nanoTime() > until) {
                throw new IOException("dnsmasq did not take up the new addresses of " + name + ": " + logTail());
            }
            Thread.sleep(10);
        }
    }

    private boolean serves(InetAddress server, String name, Set<String> v4, Set<String> v6) {
        try {
            return addresses(server, port, name, Type.A).equals(v4)
                    && addresses(server, port, name, Type.AAAA).equals(v6);
        } catch (IOException e) {
            return false;
        }
    }

    /** The names and addresses dnsmasq now serves. */
    public synchronized Map<String, List<String>> names() {
        return Map.copyOf(names);
    }

    /**
     * Asks {@code server} for {@code name}/{@code type} and returns the addresses answered (canonical text, e.g.
     * {@code ::1}), empty for NXDOMAIN or no data; throws when no well-formed reply came back within a second.
     */
    public static Set<String> addresses(InetAddress server, int port, String name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        byte[] wire = query.toWire();
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(server, port));
            s.setSoTimeout(1000);
            s.send(new DatagramPacket(wire, wire.length));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            Message reply = new Message(Arrays.copyOf(buf, p.getLength()));
            if (reply.getHeader().getID() != query.getHeader().getID()) {
                throw new IOException("reply with a wrong id");
            }
            if (reply.getRcode() != Rcode.NOERROR && reply.getRcode() != Rcode.NXDOMAIN) {
                throw new IOException("rcode " + Rcode.string(reply.getRcode()));
            }
            Set<String> out = new TreeSet<>();
            for (Record r : reply.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a) {
                    out.add(Addresses.canonical(a.getAddress()));
                } else if (r instanceof AAAARecord a) {
                    out.add(Addresses.canonical(a.getAddress()));
                }
            }
            return out;
        }
    }

    public int port() {
        return port;
    }

    /** {@code IP:PORT} of the IPv4 listener, as the worker's {@code --resolver} takes it. */
    public String resolverV4() {
        return "127.0.0.1:" + port;
    }

    /** {@code [::1]:PORT}, the IPv6 listener as the worker's {@code --resolver} takes it. */
    public String resolverV6() {
        return "[::1]:" + port;
    }

    @Override
    public String toString() {
        return "dnsmasq " + process + " port " + port;
    }

}
