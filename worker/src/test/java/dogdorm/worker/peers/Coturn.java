package dogdorm.worker.peers;

import dogdorm.common.Transport;
import dogdorm.worker.probe.StunClient;
import dogdorm.worker.probe.codec.MessageClass;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real coturn ({@code turnserver}) on loopback for tests: listening on 127.0.0.1, 127.0.0.2 and ::1 at
 * {@link #port()} and {@link #altPort()}, UDP and TCP, relaying on 127.0.0.1 and ::1 in its own port range, with
 * loopback peers allowed. Two flavours:
 * <ul>
 *   <li>{@link #withAuth()}: RFC 3489/5780 on (the NAT test answers from 127.0.0.2:altPort), long-term
 *       credentials {@link #user()}/{@link #password()} in {@link #realm()}, and FINGERPRINT on every answer;</li>
 *   <li>{@link #anonymous()}: {@code no-auth} and {@code no-rfc5780} (CHANGE-REQUEST is refused with 420, and
 *       nothing listens on the alt port).</li>
 * </ul>
 * It is ready once it answers a STUN Binding request on every listener. {@link #close()} stops it.
 */
public final class Coturn extends Peer {
    public static final String PRIMARY_IP = "127.0.0.1";
    public static final String ALT_IP = "127.0.0.2";
    public static final String IPV6 = "::1";
    static final int RELAY_PORTS = 20;

    private final Path dir;
    private final int port;
    private final int minRelayPort;
    private final String user;
    private final String password;
    private final String realm;

    private Coturn(PeerProcess process, Path dir, int port, int minRelayPort, String user, String password,
                   String realm) {
        super(process);
        this.dir = dir;
        this.port = port;
        this.minRelayPort = minRelayPort;
        this.user = user;
        this.password = password;
        this.realm = realm;
    }

    /** RFC 3489/5780 on two IPv4 addresses, long-term credentials required. */
    public static Coturn withAuth() throws IOException, InterruptedException {
        return start("coturn-auth", List.of("lt-cred-mech", "user=dogdorm:kennel-2ba7d", "realm=dogdorm.test",
                "fingerprint"), true, "dogdorm", "kennel-2ba7d", "dogdorm.test");
    }

    /** No authentication, no RFC 5780 (change requests refused). */
    public static Coturn anonymous() throws IOException, InterruptedException {
        return start("coturn-anon", List.of("no-auth", "no-rfc5780"), false, null, null, null);
    }

    private static Coturn start(String name, List<String> flavour, boolean rfc5780, String user, String password,
                                String realm)
            throws IOException, InterruptedException {
        Path binary = Peers.binary("turnserver", "coturn");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = Peers.workDir(name);
            int port = Peers.freePorts(2, PRIMARY_IP, ALT_IP, IPV6);
            int relay = Peers.freePorts(RELAY_PORTS, PRIMARY_IP, IPV6);
            if (relay <= port + 1 && port < relay + RELAY_PORTS) {
                continue; // overlapping ranges: pick again
            }
            List<String> conf = new ArrayList<>(List.of(
                    "listening-ip=" + PRIMARY_IP, "listening-ip=" + ALT_IP, "listening-ip=" + IPV6,
                    "listening-port=" + port, "alt-listening-port=" + (port + 1),
                    "relay-ip=" + PRIMARY_IP, "relay-ip=" + IPV6,
                    "min-port=" + relay, "max-port=" + (relay + RELAY_PORTS - 1),
                    "no-cli", "no-tls", "no-dtls",
                    "userdb=" + dir.resolve("turndb"),
                    "pidfile=" + dir.resolve("turnserver.pid"),
                    "log-file=" + dir.resolve("turnserver.log"),
                    "simple-log",
                    "allow-loopback-peers"));
            conf.addAll(flavour);
            Path file = dir.resolve("turnserver.conf");
            Files.write(file, conf);
            try {
                PeerProcess p = PeerProcess.start(name, List.of(binary.toString(), "-c", file.toString()), dir,
                        Duration.ofSeconds(10), () -> answers(rfc5780 ? List.of(port, port + 1) : List.of(port)));
                return new Coturn(p, dir, port, relay, user, password, realm);
            } catch (IOException e) {
                last = e; // most likely a port taken between the check and the start: try other ports
            }
        }
        throw last != null ? last : new IOException("no free ports for coturn");
    }

    /**
     * Whether a Binding request gets a success answer on every listener. Without RFC 5780 coturn does not open
     * the alt port at all (alt-listening-port is ignored), so only the main port is asked then.
     */
    private static boolean answers(List<Integer> ports) throws IOException {
        for (String ip : List.of(PRIMARY_IP, ALT_IP, IPV6)) {
            for (int p : ports) {
                for (Transport t : List.of(Transport.UDP, Transport.TCP)) {
                    StunClient.Reply r = StunClient.transact(t, new InetSocketAddress(InetAddress.getByName(ip), p),
                            StunMessage.request(StunMethod.BINDING).build(), Duration.ofMillis(200));
                    if (r.message().messageClass() != MessageClass.SUCCESS_RESPONSE) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    public int port() {
        return port;
    }

    public int altPort() {
        return port + 1;
    }

    public int minRelayPort() {
        return minRelayPort;
    }

    public int maxRelayPort() {
        return minRelayPort + RELAY_PORTS - 1;
    }

    /** The user of the long-term credential, or null on an anonymous server. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String realm() {
        return realm;
    }

    public String primaryIp() {
        return PRIMARY_IP;
    }

    public String altIp() {
        return ALT_IP;
    }

    public String ipv6() {
        return IPV6;
    }

    public Path workDir() {
        return dir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return "coturn " + process + " on port " + port + "/" + (port + 1) + (user != null ? " with auth" : " anonymous");
    }
}
