package dogdorm.worker.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real chronyd serving NTP on 127.0.0.1 and ::1 from its local clock at stratum 10 ({@code local stratum 10}),
 * never touching the system clock ({@code -x}). Ready means both addresses answered a raw NTP client request.
 */
public final class Chrony extends Peer {
    public static final int STRATUM = 10;

    private final int port;

    private Chrony(PeerProcess process, int port) {
        super(process);
        this.port = port;
    }

    public static Chrony start() throws IOException, InterruptedException {
        Path chronyd = Peers.binary("chronyd", "chrony");
        Path dir = Peers.workDir("chrony");
        int port = Peers.freePorts(1, "127.0.0.1", "::1");
        String conf = "port " + port + "\n"
                + "bindaddress 127.0.0.1\n"
                + "bindaddress ::1\n"
                + "allow 127.0.0.1\n"
                + "allow ::1\n"
                + "local stratum " + STRATUM + "\n"
                + "cmdport 0\n"
                + "bindcmdaddress /\n"
                + "pidfile " + dir.resolve("chronyd.pid") + "\n";
        Path confFile = dir.resolve("chrony.conf");
        Files.writeString(confFile, conf);
        List<String> command = new ArrayList<>(List.of(chronyd.toString(), "-d", "-x", "-f", confFile.toString()));
        if (Peers.isRoot()) {
            command.addAll(List.of("-u", "root")); // else it drops to _chrony and cannot remove its pid file
        } else {
            command.add("-U");
        }
        PeerProcess p = PeerProcess.start("chronyd", command, dir, Duration.ofSeconds(10),
                () -> stratum(InetAddress.getByName("127.0.0.1"), port) == STRATUM
                        && stratum(InetAddress.getByName("::1"), port) == STRATUM);
        return new Chrony(p, port);
    }

    /** Sends one NTPv4 client request and returns the stratum of a mode-4 reply, or -1 when none came. */
    public static int stratum(InetAddress ip, int port) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(500);
            byte[] request = new byte[48];
            request[0] = 0x23; // LI 0, version 4, mode 3 (client)
            request[40] = 0x12; // a non-zero transmit time for the server to echo
            s.send(new DatagramPacket(request, request.length, new InetSocketAddress(ip, port)));
            byte[] reply = new byte[512];
            DatagramPacket p = new DatagramPacket(reply, reply.length);
            s.receive(p);
            if (p.getLength() < 48 || (reply[0] & 0x07) != 4) {
                return -1;
            }
            return reply[1] & 0xff;
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "chronyd " + process + " port " + port;
    }
}
