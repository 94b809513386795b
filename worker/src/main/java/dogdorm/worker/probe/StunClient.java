package dogdorm.worker.probe;

import dogdorm.common.Transport;
import dogdorm.worker.probe.codec.Endpoints;
import dogdorm.worker.probe.codec.StunException;
import dogdorm.worker.probe.codec.StunMessage;
import dogdorm.worker.probe.codec.StunMethod;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STUN transactions with one server, over UDP or TCP: send a request, wait for the response carrying its
 * transaction id, and return it with the address it came from. One client is one local socket, so a sequence of
 * transactions (a TURN allocation, then its permission and refresh) shares one 5-tuple. Not thread-safe: one
 * transaction at a time.
 *
 * <p>UDP: the socket is never {@code connect()}ed, because RFC 3489 change replies come from another address than
 * the one asked; {@link Reply#from()} says where each reply came from. The request is retransmitted as RFC 8489
 * §6.2.1 says (RTO doubling after each try, at most 7 tries), with the first RTO scaled down from 500 ms to an
 * eighth of the timeout so that about four tries fit in it. Datagrams with another transaction id, and garbage,
 * are ignored (the timeout message then says what was ignored); a malformed datagram carrying our transaction id
 * is the server's answer, and fails the transaction with the reason.
 *
 * <p>TCP: no retransmission; messages are framed by the length in their header. Messages with another
 * transaction id are skipped; bytes that are not STUN end the transaction, since the stream cannot be resynced.
 *
 * <p>The timeout of each transaction is hard: the call returns or throws within it (a {@link SocketTimeoutException}
 * saying how many tries went unanswered). Failures are {@link IOException}s: {@link StunException} for protocol
 * violations, {@link ConnectException} for a refused TCP connection. {@link #describe(IOException)} turns any of
 * them into a result reason.
 */
public abstract sealed class StunClient implements AutoCloseable permits StunClient.Udp, StunClient.Tcp {
    private static final Logger log = LoggerFactory.getLogger(StunClient.class);

    /** RFC 8489's initial RTO, the upper bound of ours. */
    static final Duration MAX_RTO = Duration.ofMillis(500);
    static final Duration MIN_RTO = Duration.ofMillis(5);
    /** RFC 8489's Rc: how many times a request is sent at most. */
    static final int MAX_TRIES = 7;
    /** Larger than any STUN message a server should send over UDP (RFC 8489 §6.1 wants them below the path MTU). */
    static final int MAX_DATAGRAM = 8192;

    /** A response to our request: the message, where it came from, the RTT of the try it answered, how many tries were sent. */
    public record Reply(StunMessage message, InetSocketAddress from, double rttMs, int tries) {
        public Reply {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(from, "from");
        }
    }

    protected final InetSocketAddress server;

    private StunClient(InetSocketAddress server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /**
     * Opens a client to {@code server}: an unconnected UDP socket on an ephemeral port, or a TCP connection made
     * within {@code connectTimeout}.
     */
    public static StunClient open(Transport transport, InetSocketAddress server, Duration connectTimeout) throws IOException {
        return switch (transport) {
            case UDP -> new Udp(server);
            case TCP -> Tcp.connect(server, connectTimeout);
            case ICMP -> throw new IllegalArgumentException("STUN does not run over ICMP");
        };
    }

    /** One transaction on a fresh client, all within {@code timeout} (the TCP connect included). */
    public static Reply transact(Transport transport, InetSocketAddress server, StunMessage request, Duration timeout)
            throws IOException {
        TimeBudget budget = TimeBudget.of(timeout);
        try (StunClient client = open(transport, server, timeout)) {
            return client.exchange(request, budget.remaining());
        }
    }

    /**
     * Sends {@code request} to the server and returns the response carrying its transaction id (success or error),
     * within {@code timeout}.
     */
    public abstract Reply exchange(StunMessage request, Duration timeout) throws IOException;

    public InetSocketAddress server() {
        return server;
    }

    public abstract InetSocketAddress localAddress();

    public abstract Transport transport();

    @Override
    public abstract void close();

    /** A failure as a result reason: "no answer from ... within 500 ms (4 tries)", "connection refused", ... */
    public static String describe(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof StunException || e instanceof EOFException) {
            return e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        return ProbeReport.describe(e);
    }


    /** A duration in milliseconds, rounded (a remaining 399.9 ms is the 400 ms the caller asked for). */
    private static long millis(Duration d) {
        return (d.toNanos() + 500_000) / 1_000_000;
    }

    /** A socket timeout in whole milliseconds, at least 1 (0 would mean forever). */
    private static int soTimeout(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
    }

    /**
     * What a message carrying our transaction id must be: a response of our method. Null when it is one; a
     * reason when it is not.
     */
    private static String notAnAnswer(StunMessage request, StunMessage m) {
        if (!m.messageClass().isResponse()) {
            return "a " + StunMethod.name(m.method()) + " " + m.messageClass()
                    + " carrying our own transaction id (an echo?)";
        }
        if (m.method() != request.method()) {
            return "a " + m.summary() + " to a " + StunMethod.name(request.method()) + " request";
        }
        return null;
    }

    /** Counts what was skipped while waiting, for the timeout message. */
    private static final class Ignored {
        int count;
        String last;

        void add(String why) {
            count++;
            last = why;
        }

        String suffix() {
            return count == 0 ? "" : "; ignored " + count + (count == 1 ? " message" : " messages") + ", last: " + last;
        }
    }

    // -------------------------------------------------------------------------------------------------- UDP

    static final class Udp extends StunClient {
        private final DatagramSocket socket;

        Udp(InetSocketAddress server) throws IOException {
            super(server);
            // an unconnected socket on the wildcard address: replies may come from any address (RFC 3489 changes)
            this.socket = new DatagramSocket(0);
        }

        @Override
        public Reply exchange(StunMessage request, Duration timeout) throws IOException {
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            byte[] out = request.bytes();
            byte[] ourHeader = Arrays.copyOfRange(out, 4, StunMessage.HEADER_LENGTH);
            DatagramPacket send = new DatagramPacket(out, out.length, server);
            byte[] buf = new byte[MAX_DATAGRAM];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            long rto = Math.clamp(timeout.toNanos() / 8, MIN_RTO.toNanos(), MAX_RTO.toNanos());
            int tries = 0;
            long lastSend = start;
            long nextSend = start;
            Ignored ignored = new Ignored();
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    throw new SocketTimeoutException("no answer from " + Endpoints.text(server) + " within "
                            + millis(timeout) + " ms (" + tries + (tries == 1 ? " try" : " tries") + ")"
                            + ignored.suffix());
                }
                if (tries < MAX_TRIES && now >= nextSend) {
                    socket.send(send);
                    lastSend = now;
                    nextSend = now + (rto << tries); // waits RTO, 2 RTO, 4 RTO, ... after each try
                    tries++;
                }
                long wakeAt = tries < MAX_TRIES ? Math.min(nextSend, deadline) : deadline;
                socket.setSoTimeout(soTimeout(wakeAt - System.nanoTime()));
                in.setLength(buf.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                double rtt = ProbeReport.millisSince(lastSend);
                InetSocketAddress from = (InetSocketAddress) in.getSocketAddress();
                boolean ours = in.getLength() >= StunMessage.HEADER_LENGTH
                        && Arrays.equals(buf, 4, StunMessage.HEADER_LENGTH, ourHeader, 0, ourHeader.length);
                StunMessage m;
                try {
                    m = StunMessage.decode(buf, 0, in.getLength());
                } catch (StunException e) {
                    if (ours) {
                        throw new StunException("malformed answer from " + Endpoints.text(from) + ": " + e.getMessage());
                    }
                    log.debug("ignoring {} bytes from {}: {}", in.getLength(), Endpoints.text(from), e.getMessage());
                    ignored.add("garbage from " + Endpoints.text(from) + " (" + e.getMessage() + ")");
                    continue;
                }
                if (!m.transactionId().equals(request.transactionId())) {
                    ignored.add("a " + m.summary() + " from " + Endpoints.text(from) + " with another transaction id");
                    continue;
                }
                String wrong = notAnAnswer(request, m);
                if (wrong != null) {
                    if (!m.messageClass().isResponse()) {
                        ignored.add(wrong + " from " + Endpoints.text(from));
                        continue;
                    }
                    throw new StunException("wrong answer from " + Endpoints.text(from) + ": " + wrong);
                }
                return new Reply(m, from, rtt, tries);
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public Transport transport() {
            return Transport.UDP;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    // -------------------------------------------------------------------------------------------------- TCP

    static final class Tcp extends StunClient {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Tcp(InetSocketAddress server, Socket socket) throws IOException {
            super(server);
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Tcp connect(InetSocketAddress server, Duration timeout) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(server, soTimeout(timeout.toNanos()));
                return new Tcp(server, socket);
            } catch (SocketTimeoutException e) {
                socket.close();
                throw new SocketTimeoutException("no TCP connection to " + Endpoints.text(server) + " within "
                        + millis(timeout) + " ms");
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        @Override
        public Reply exchange(StunMessage request, Duration timeout) throws IOException {
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            out.write(request.bytes());
            out.flush();
            Ignored ignored = new Ignored();
            while (true) {
                byte[] header = new byte[StunMessage.HEADER_LENGTH];
                readFully(header, 0, header.length, deadline, timeout, ignored, false);
                double rtt = ProbeReport.millisSince(start);
                if ((header[0] & 0xC0) != 0) {
                    throw new StunException("not STUN: " + Endpoints.text(server) + " sent bytes whose two top bits are not zero");
                }
                int bodyLength = (header[2] & 0xff) << 8 | (header[3] & 0xff);
                byte[] frame = Arrays.copyOf(header, StunMessage.HEADER_LENGTH + bodyLength);
                readFully(frame, StunMessage.HEADER_LENGTH, bodyLength, deadline, timeout, ignored, true);
                StunMessage m;
                try {
                    m = StunMessage.decode(frame);
                } catch (StunException e) {
                    throw new StunException("malformed answer from " + Endpoints.text(server) + ": " + e.getMessage());
                }
                if (!m.transactionId().equals(request.transactionId())) {
                    ignored.add("a " + m.summary() + " with another transaction id");
                    continue;
                }
                String wrong = notAnAnswer(request, m);
                if (wrong != null) {
                    throw new StunException("wrong answer from " + Endpoints.text(server) + ": " + wrong);
                }
                return new Reply(m, server, rtt, 1);
            }
        }

        private void readFully(byte[] b, int off, int len, long deadline, Duration timeout, Ignored ignored,
                               boolean midMessage) throws IOException {
            while (len > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timedOut(timeout, ignored);
                }
                socket.setSoTimeout(soTimeout(left));
                int n;
                try {
                    n = in.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    throw timedOut(timeout, ignored);
                }
                if (n < 0) {
                    throw new EOFException("connection closed by " + Endpoints.text(server)
                            + (midMessage || off > 0 ? " in the middle of a message" : " before an answer")
                            + ignored.suffix());
                }
                off += n;
                len -= n;
            }
        }

        private SocketTimeoutException timedOut(Duration timeout, Ignored ignored) {
            return new SocketTimeoutException("no answer from " + Endpoints.text(server) + " within "
                    + millis(timeout) + " ms (tcp)" + ignored.suffix());
        }

        @Override
        public InetSocketAddress localAddress() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public Transport transport() {
            return Transport.TCP;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing the connection to {}: {}", Endpoints.text(server), e.getMessage());
            }
        }
    }
}
