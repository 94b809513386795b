package dogdorm.dealer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a dealer standing by answers on its port while another leads: {@code 503} with a JSON reason to every request
 * ({@code /healthz} included, so a load balancer or a person sees it, and a worker moves on to the next dealer it
 * knows), naming the leading dealer's URL when it has said where it answers, until {@link #stop()} hands the port,
 * still open, to the real server. The leader is asked at most every {@link #ASK_LEADER_EVERY}. A plain HTTP/1.1 answer on a
 * non-blocking channel, one connection at a time: nothing here is worth a web server.
 */
public final class StandbyAnswer implements AutoCloseable {
    private static final int MAX_HEAD = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration ASK_LEADER_EVERY = Duration.ofSeconds(2);

    private final ServerSocketChannel port;
    private final String reason;
    private final Supplier<String> leader;
    private final Thread loop;
    private volatile boolean stopped;
    private long askedAt = Long.MIN_VALUE;
    private byte[] answer;

    private StandbyAnswer(ServerSocketChannel port, String reason, Supplier<String> leader) {
        this.port = port;
        this.reason = reason;
        this.leader = leader;
        this.loop = Thread.ofPlatform().daemon().name("standby-answer").unstarted(this::serve);
    }

    /**
     * Starts answering on {@code port} (already bound) with {@code reason}, and the URL {@code leader} gives (null:
     * not known).
     */
    public static StandbyAnswer start(ServerSocketChannel port, String reason, Supplier<String> leader) {
        StandbyAnswer a = new StandbyAnswer(port, reason, leader);
        a.loop.start();
        return a;
    }

    /** The answer, with the leader asked again when the last ask is older than {@link #ASK_LEADER_EVERY}. */
    private byte[] answer() {
        long now = System.nanoTime();
        if (answer == null || now - askedAt > ASK_LEADER_EVERY.toNanos()) {
            askedAt = now;
            String url = leader.get();
            String error = url == null ? reason : reason + "; the leading dealer answers at " + url;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("standing_by", true);
            body.put("leader", url);
            byte[] b;
            try {
                b = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings is always JSON", e);
            }
            byte[] head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                    + b.length + "\r\nRetry-After: 5\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] whole = Arrays.copyOf(head, head.length + b.length);
            System.arraycopy(b, 0, whole, head.length, b.length);
            answer = whole;
        }
        return answer;
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
            c.write(ByteBuffer.wrap(answer()));
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
