package dogdorm.dealer.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on loopback (port 0, plain sockets) that keeps a connection open between requests and closes
 * it once it has been idle for {@code idle}, as many proxies and receivers do: a client that reuses the connection
 * just after that sends into a closed socket. What it answers is up to the test: a status and body, or
 * {@link #NO_ANSWER} to close the connection after reading the whole request without answering it.
 */
public final class IdleClosingServer implements AutoCloseable {
    /** A request read in full: method, path, body. */
    public record Received(String method, String path, String body, int connection) {}

    /** What to answer: a status and a JSON body. */
    public record Answer(int status, String body) {}

    /** Close the connection after reading the request, without answering. */
    public static final Answer NO_ANSWER = new Answer(0, "");

    private final ServerSocket socket;
    private final Duration idle;
    private final Function<Received, Answer> answers;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    public IdleClosingServer(Duration idle, Function<Received, Answer> answers) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.idle = idle;
        this.answers = answers;
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    /** Every request read in full so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** How many connections were accepted. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                int n = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, n));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s) {
            s.setSoTimeout((int) idle.toMillis());
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head;
                try {
                    head = readHead(in);
                } catch (SocketTimeoutException e) {
                    return; // idle too long: close
                }
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] first = lines[0].split(" ");
                int length = 0;
                for (String line : lines) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                        length = Integer.parseInt(line.substring(colon + 1).trim());
                    }
                }
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                Received r = new Received(first[0], first[1], body, connection);
                received.add(r);
                Answer a = answers.apply(r);
                if (a == NO_ANSWER) {
                    return;
                }
                byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 " + a.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
                        + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The request line and headers, or null at the end of the stream before any byte. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            int n = b.size();
            byte[] a = n >= 4 ? b.toByteArray() : null;
            if (a != null && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
