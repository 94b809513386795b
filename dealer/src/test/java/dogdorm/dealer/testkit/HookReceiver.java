package dogdorm.dealer.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on loopback (port 0, the JDK's HTTP server): records every request to any path and answers
 * 200, or the status a test set for a path.
 */
public final class HookReceiver implements AutoCloseable {
    /** A request received: method, path (with its query), headers (first value of each, names lower case), body. */
    public record Hook(String method, String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final BlockingQueue<Hook> hooks = new LinkedBlockingQueue<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    public HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            String path = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? ""
                    : "?" + x.getRequestURI().getRawQuery());
            hooks.add(new Hook(x.getRequestMethod(), path, Map.copyOf(headers),
                    new String(body, StandardCharsets.UTF_8)));
            x.sendResponseHeaders(statuses.getOrDefault(x.getRequestURI().getRawPath(), 200), -1);
            x.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers requests to {@code path} with {@code status} from now on. */
    public void answer(String path, int status) {
        statuses.put(path, status);
    }

    /** The next request within {@code seconds}, or null. */
    public Hook next(int seconds) throws InterruptedException {
        return hooks.poll(seconds, TimeUnit.SECONDS);
    }

    /** Every request received and not yet taken, taken now. */
    public List<Hook> drain() {
        List<Hook> out = new ArrayList<>();
        hooks.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
