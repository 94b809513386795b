package dogdorm.worker.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tiny in-process servers on 127.0.0.1 (or ::1) port 0 that answer however a test wants: garbage, truncated
 * packets, wrong ids, or nothing at all. Each runs on its own daemon thread and stops on {@link #close()}.
 */
final class TinyServers {
    private TinyServers() {}

    /** Answers one UDP request; null means stay silent. */
    @FunctionalInterface
    interface UdpAnswer {
        byte[] answer(byte[] request);
    }

    /** Talks to one accepted TCP connection; returning closes it. */
    @FunctionalInterface
    interface TcpConversation {
        void talk(InputStream in, OutputStream out) throws IOException;
    }

    /** A UDP server that answers each datagram with {@code answer.answer(request)}. */
    static final class Udp implements AutoCloseable {
        private final DatagramSocket socket;
        private final AtomicInteger requests = new AtomicInteger();
        private final Thread thread;

        Udp(String ip, UdpAnswer answer) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0));
            thread = new Thread(() -> {
                byte[] buf = new byte[65535];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                    } catch (IOException e) {
                        return;
                    }
                    requests.incrementAndGet();
                    byte[] reply = answer.answer(Arrays.copyOfRange(p.getData(), p.getOffset(),
                            p.getOffset() + p.getLength()));
                    if (reply != null) {
                        try {
                            socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                        } catch (IOException e) {
                            return;
                        }
                    }
                }
            }, "tiny-udp-" + socket.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        static Udp silent(String ip) throws IOException {
            return new Udp(ip, request -> null);
        }

        int port() {
            return socket.getLocalPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            socket.close();
            join(thread);
        }
    }

    /** A TCP server that runs {@code conversation} for each connection it accepts. */
    static final class Tcp implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread thread;

        Tcp(String ip, TcpConversation conversation) throws IOException {
            this(ip, 0, conversation);
        }

        /** On a given port (0 for any); see {@link OnePort} for a UDP and a TCP server on one number. */
        Tcp(String ip, int port, TcpConversation conversation) throws IOException {
            server = new ServerSocket();
            try {
                server.bind(new InetSocketAddress(InetAddress.getByName(ip), port), 200);
            } catch (IOException e) {
                server.close(); // OnePort tries again on another number: leave no descriptor behind
                throw e;
            }
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    accepted.incrementAndGet();
                    open.add(s);
                    Thread t = new Thread(() -> {
                        try (s) {
                            conversation.talk(s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // the client went away
                        } finally {
                            open.remove(s);
                        }
                    }, "tiny-tcp-conn");
                    t.setDaemon(true);
                    t.start();
                }
            }, "tiny-tcp-" + server.getLocalPort());
            thread.setDaemon(true);
            thread.start();
        }

        /** Accepts and never says a word; holds the connection until the client closes it. */
        static Tcp silent(String ip) throws IOException {
            return new Tcp(ip, (in, out) -> drain(in));
        }

        /** Reads the first bytes the client sends, answers {@code reply}, then holds the connection. */
        static Tcp replying(String ip, byte[] reply) throws IOException {
            return new Tcp(ip, (in, out) -> {
                byte[] b = new byte[4096];
                if (in.read(b) < 0) {
                    return;
                }
                out.write(reply);
                out.flush();
                drain(in);
            });
        }

        static void drain(InputStream in) throws IOException {
            byte[] b = new byte[4096];
            try {
                while (in.read(b) >= 0) {
                    // discard
                }
            } catch (SocketException e) {
                // reset by the client
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
            join(thread);
        }
    }

    /** A UDP and a TCP server on one port number, as a DNS server has; tries again when the TCP side is taken. */
    record OnePort(Udp udp, Tcp tcp) implements AutoCloseable {
        static OnePort serving(String ip, UdpAnswer answer, TcpConversation conversation) throws IOException {
            BindException last = null;
            for (int attempt = 0; attempt < 20; attempt++) {
                Udp udp = new Udp(ip, answer);
                try {
                    return new OnePort(udp, new Tcp(ip, udp.port(), conversation));
                } catch (BindException e) {
                    udp.close();
                    last = e;
                }
            }
            throw last;
        }

        int port() {
            return udp.port();
        }

        @Override
        public void close() throws IOException {
            tcp.close();
            udp.close();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port on {@code ip} that nothing listens on (TCP and UDP), as far as can be known. */
    static int closedPort(String ip) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
            return s.getLocalPort();
        }
    }
}
