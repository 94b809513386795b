package dogdorm.dealer.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a dealer standing by answers on its port while another leads: {@code 503} with a JSON reason to every request
 * ({@code /healthz} included, so a load balancer or a person sees it, and a worker moves on to the next dealer it
 * knows), until {@link #stop()} hands the port, still open, to the real server. A plain HTTP/1.1 answer on a
 * non-blocking channel, one connection at a time: nothing here is worth a web server.
 */
public final class StandbyAnswer implements AutoCloseable {
    private static final int MAX_HEAD = 16 * 1024;

    private final ServerSocketChannel port;
    private final byte[] answer;
    private final Thread loop;
    private volatile boolean stopped;

    private StandbyAnswer(ServerSocketChannel port, String reason) {
        this.port = port;
        String body = "{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"standing_by\":true}";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        this.answer = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                + b.length + "\r\nRetry-After: 5\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        this.loop = Thread.ofPlatform().daemon().name("standby-answer").unstarted(this::serve);
    }

    /** Starts answering on {@code port} (already bound) with {@code reason}. */
    public static StandbyAnswer start(ServerSocketChannel port, String reason) {
        StandbyAnswer a = new StandbyAnswer(port, reason);
        a.loop.start();
        return a;
    }

    private void serve() {
        try (Selector selector = Selector.open()) {
            port.configureBlocking(false);
            SelectionKey key = port.register(selector, SelectionKey.OP_ACCEPT);
            while (!stopped) {
                if (selector.select(100) == 0) continue;
                selector.selectedKeys().clear();
                SocketChannel c;
                while ((c = port.accept()) != null) {
                    answer(c);
                }
            }
            key.cancel();
            selector.selectNow(); // deregisters, so the channel can block again
        } catch (IOException e) {
            // the port closed under us: nothing more to answer
        }
    }

    /** Reads the request's head (and a short body), answers 503 and closes; a slow or odd client is cut off. */
    private void answer(SocketChannel c) {
        try (c) {
            c.configureBlocking(true);
            c.socket().setSoTimeout(2_000);
            var in = c.socket().getInputStream();
            byte[] head = new byte[MAX_HEAD];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) break;
                n += r;
                String seen = new String(head, 0, n, StandardCharsets.ISO_8859_1);
                int end = seen.indexOf("\r\n\r\n");
                if (end >= 0) {
                    long length = contentLength(seen.substring(0, end));
                    long have = n - (end + 4);
                    in.skipNBytes(Math.max(0, Math.min(length - have, 1 << 20)));
                    break;
                }
            }
            c.write(ByteBuffer.wrap(answer));
        } catch (IOException e) {
            // a client that went away
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Stops answering; the port stays open (and blocking) for the real server. */
    public void stop() throws IOException {
        stopped = true;
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        port.configureBlocking(true);
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
