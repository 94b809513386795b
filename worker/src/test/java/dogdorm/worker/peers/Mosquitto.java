package dogdorm.worker.peers;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker on loopback with three listeners, each on both 127.0.0.1 and ::1:
 * <ul>
 *   <li>{@link #anonymousPort()}: anyone may connect, publish and subscribe;</li>
 *   <li>{@link #passwordPort()}: only {@link #user()} with {@link #password()} may connect (a fresh random
 *       password per broker, written with {@code mosquitto_passwd});</li>
 *   <li>{@link #lockedPort()}: anyone may connect, but an empty ACL forbids every publish and subscribe.</li>
 * </ul>
 * Ready means every one of the six sockets answered a raw MQTT 3.1.1 CONNECT with a CONNACK.
 */
public final class Mosquitto extends Peer {
    public static final String USER = "dogdorm";

    private final Path dir;
    private final int anonymousPort;
    private final int passwordPort;
    private final int lockedPort;
    private final String password;

    private Mosquitto(PeerProcess process, Path dir, int firstPort, String password) {
        super(process);
        this.dir = dir;
        this.anonymousPort = firstPort;
        this.passwordPort = firstPort + 1;
        this.lockedPort = firstPort + 2;
        this.password = password;
    }

    public static Mosquitto start() throws IOException, InterruptedException {
        Path broker = Peers.binary("mosquitto", "mosquitto");
        Path passwd = Peers.binary("mosquitto_passwd", "mosquitto-clients");
        Path dir = Peers.workDir("mosquitto");
        int first = Peers.freePorts(3, "127.0.0.1", "::1");
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

        Path passwordFile = dir.resolve("passwd");
        run(List.of(passwd.toString(), "-c", "-b", passwordFile.toString(), USER, password), dir);
        Path acl = dir.resolve("acl-empty");
        Files.writeString(acl, "# no rules: nothing may be published or subscribed to\n");

        StringBuilder conf = new StringBuilder();
        conf.append("per_listener_settings true\n");
        conf.append("persistence false\n");
        conf.append("log_dest stdout\n");
        conf.append("connection_messages true\n");
        conf.append("pid_file ").append(dir.resolve("mosquitto.pid")).append('\n');
        if (Peers.isRoot()) {
            conf.append("user root\n"); // else it drops to user mosquitto, who may not read this directory
        }
        for (String ip : List.of("127.0.0.1", "::1")) {
            conf.append("\nlistener ").append(first).append(' ').append(ip).append('\n');
            conf.append("allow_anonymous true\n");
        }
        for (String ip : List.of("127.0.0.1", "::1")) {
            conf.append("\nlistener ").append(first + 1).append(' ').append(ip).append('\n');
            conf.append("allow_anonymous false\n");
            conf.append("password_file ").append(passwordFile).append('\n');
        }
        for (String ip : List.of("127.0.0.1", "::1")) {
            conf.append("\nlistener ").append(first + 2).append(' ').append(ip).append('\n');
            conf.append("allow_anonymous true\n");
            conf.append("acl_file ").append(acl).append('\n');
        }
        Path confFile = dir.resolve("mosquitto.conf");
        Files.writeString(confFile, conf.toString());

        PeerProcess p = PeerProcess.start("mosquitto", List.of(broker.toString(), "-c", confFile.toString()), dir,
                Duration.ofSeconds(10), () -> {
                    for (String ip : List.of("127.0.0.1", "::1")) {
                        for (int port = first; port < first + 3; port++) {
                            if (rawConnack(InetAddress.getByName(ip), port) < 0) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
        return new Mosquitto(p, dir, first, password);
    }

    /**
     * Sends a bare MQTT 3.1.1 CONNECT (no credentials) and returns the CONNACK return code, or -1 when no
     * well-formed CONNACK came back within a second.
     */
    public static int rawConnack(InetAddress ip, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 1000);
            s.setSoTimeout(1000);
            byte[] clientId = "dogdorm-ready".getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 10});
            body.write(clientId.length >> 8);
            body.write(clientId.length);
            body.write(clientId);
            OutputStream out = s.getOutputStream();
            out.write(0x10);
            out.write(body.size());
            body.writeTo(out);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] connack = new byte[4];
            new DataInputStream(in).readFully(connack);
            if (connack[0] != 0x20 || connack[1] != 2) {
                return -1;
            }
            return connack[3] & 0xff;
        } catch (SocketTimeoutException | EOFException | ConnectException e) {
            return -1;
        }
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.out").toFile()).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(command.get(0) + " failed with " + p.exitValue() + ": "
                    + Files.readString(dir.resolve("setup.out")));
        }
    }

    /** Anonymous connections, publish and subscribe allowed. */
    public int anonymousPort() {
        return anonymousPort;
    }

    /** Connections need {@link #user()} and {@link #password()}. */
    public int passwordPort() {
        return passwordPort;
    }

    /** Anonymous connections allowed; every publish and subscribe is denied by an empty ACL. */
    public int lockedPort() {
        return lockedPort;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String toString() {
        return "mosquitto " + process + " ports " + anonymousPort + "/" + passwordPort + "/" + lockedPort;
    }
}
