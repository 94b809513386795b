package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.heartbeat.Tokens;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of malformed requests (bad methods and request lines, broken JSON, bodies cut short, odd
 * percent-encodings, bad lengths and chunks, huge headers, and a few slow partial requests held open throughout)
 * from several addresses at once, to a real dealer in its own process: none is answered 500, the dealer keeps
 * answering, and its log grows by a few lines (one a minute per kind), none an ERROR, a stack trace or a token.
 */
class HttpFuzzIT {
    /** Where the fuzz comes from: four clients, as far as the dealer can tell. */
    private static final String[] FROM = {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"};
    /** The lines the fuzz may add to the log: a few kinds of malformed request, a warning per guessing address. */
    private static final int MAX_LINES = 10;

    @TempDir
    Path dir;
    private final Random random = new Random(17);
    private final List<String> tokens = new ArrayList<>();

    private String token() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Tokens.LENGTH; i++) {
            b.append(Tokens.ALPHABET.charAt(random.nextInt(Tokens.ALPHABET.length())));
        }
        tokens.add(b.toString());
        return b.toString();
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    @Test
    void hundreds_of_malformed_requests_get_no_500_and_a_few_log_lines() throws Exception {
        try (DealerProcess dealer = DealerProcess.start("--data", dir.resolve("data").toString(), "--lists",
                Files.createDirectories(dir.resolve("lists")).toString())) {
            int port = Integer.parseInt(dealer.url().replaceAll(".*:", ""));
            Http http = new Http(dealer.url());
            String before = marker(http, dealer, "before");
            List<byte[]> requests = requests();
            assertTrue(requests.size() >= 500, requests.size() + " requests");

            List<Slow> slow = new ArrayList<>();
            slow.add(Slow.open(port, "GET /servers HTTP/1.1\r\nHost: x\r\nX-Slow: "));
            slow.add(Slow.open(port, "GET /hb/" + token() + " HTTP/1.1\r\nHo"));
            slow.add(Slow.open(port, "POST /api/work HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 400\r\n\r\n{\"worker\": \""));
            slow.add(Slow.open(port, "POST /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"
                    + "job output "));
            RawHttp raw = new RawHttp(port);
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> fiveHundreds = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<RawHttp.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    byte[] r = requests.get(i);
                    String from = FROM[i % FROM.length];
                    replies.add(pool.submit(() -> raw.send(from, r)));
                }
                for (int i = 0; i < replies.size(); i++) {
                    RawHttp.Reply reply = replies.get(i).get();
                    statuses.merge(reply.status(), 1, Integer::sum);
                    if (reply.status() == 500) {
                        fiveHundreds.add(new String(requests.get(i), 0, Math.min(200, requests.get(i).length),
                                StandardCharsets.ISO_8859_1) + " -> " + reply.body());
                    }
                    if (i % 50 == 0) {
                        for (Slow s : slow) {
                            s.dribble("a"); // a byte now and then, never the end
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(), fiveHundreds, "answered 500; all statuses: " + statuses);
            assertFalse(statuses.containsKey(-1), "requests left without an answer: " + statuses);

            // still serving, with the slow ones still open; then they end, cut short
            assertEquals(200, http.get("/healthz").status());
            for (Slow s : slow) {
                int status = s.end();
                assertTrue(status == 400 || status == 408 || status == -1, "a slow request ended early: " + status);
            }

            String after = marker(http, dealer, "after");
            List<String> added = after.substring(before.length()).lines()
                    .filter(l -> !l.contains("'marker-after'")).toList();
            System.out.println("fuzz: " + requests.size() + " requests answered " + statuses + "; the log grew by:\n"
                    + String.join("\n", added));
            assertTrue(added.size() <= MAX_LINES, added.size() + " lines for " + requests.size() + " requests:\n"
                    + String.join("\n", added));
            for (String line : added) {
                assertFalse(line.contains("[ERROR]") || line.startsWith("\tat ") || line.contains("Exception"), line);
            }
            for (String t : tokens) {
                assertFalse(after.contains(t), "token " + t + " in the log:\n" + after);
            }
        }
    }

    /** Makes the dealer log a line (a heartbeat created) and returns the log once it is there. */
    private static String marker(Http http, DealerProcess dealer, String name) {
        Http.Answer a = http.post("/api/heartbeats", "{\"name\":\"marker-" + name + "\",\"interval\":\"1h\"}");
        assertEquals(201, a.status(), a.body());
        Eventually.until(Duration.ofSeconds(10), "the dealer logs marker-" + name,
                () -> dealer.output().contains("'marker-" + name + "'"));
        return dealer.output();
    }

    private List<byte[]> requests() {
        List<byte[]> out = new ArrayList<>();
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
                "BREW", "get", "PRI", "G\u0000T", "", "A".repeat(300), "GET GET", "HEAD");
        List<String> paths = new ArrayList<>(List.of("/servers", "/targets/%u0041", "/targets/%", "/targets/%2",
                "/targets/%zz", "/targets/%00", "/targets/99999999999999999999", "/targets/-1", "/api/targets/x/checks",
                "/api/targets/1/checks?limit=%u0041", "/api/targets/1/checks?since=yesterday", "/servers?kind=%",
                "/servers?family=%FF", "/servers?rows=-1", "/static/..%2f..%2fpom.xml", "/static/%u0041",
                "/static/%2e%2e", "/status/service/%E2%80%AE", "/api/actions?within=999999999999d",
                "/api/actions?target=%u0041", "/api/best?kind=stun&limit=0", "/legacy?limit=abc", "//servers",
                "/servers/..;/x", "/./api", "/api/heartbeats/%u0041", "/heartbeats/%zz", "*", "http://x/servers",
                "/" + "a".repeat(10_000), "/servers?" + "a=1&".repeat(2_000), "/metrics?x=%"));
        for (int i = 0; i < 10; i++) {
            paths.add("/hb/" + token());
            paths.add("/hb/" + token() + "%u0041/start");
            paths.add("/hb/%" + token());
            paths.add("/hb/" + token() + "/fail%");
        }
        for (String m : methods) {
            for (int i = 0; i < 8; i++) {
                out.add(bytes(m + " " + pick(paths) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            }
        }
        for (String p : paths) {
            out.add(bytes("GET " + p + " HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nConnection: close\r\n\r\n"));
        }
        // request lines and headers the parser refuses, each many times: a line logged per request would show
        for (int i = 0; i < 15; i++) {
            parserRefuses(out);
        }
        // guessing tokens: from every address past the limit of unknown tokens
        for (int i = 0; i < 50 * FROM.length; i++) {
            out.add(bytes("GET /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        }
        jsonAndBodies(out);
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private void parserRefuses(List<byte[]> out) {
        for (String line : List.of("GET /servers HTTP/9.9", "GET /servers", "GET  /servers HTTP/1.1",
                "GET /servers HTTP/1.1 extra", "GET /se rvers HTTP/1.1", "GET /servers\u0001 HTTP/1.1",
                "GET /hb/" + token() + " HTTP/1.0", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003")) {
            out.add(bytes(line + "\r\nHost: x\r\n\r\n"));
        }
        out.add(bytes("GET /servers HTTP/1.1\r\n\r\n"));
        out.add(bytes("GET /servers HTTP/1.1\r\nHost: x:99999\r\n\r\n"));
        out.add(bytes("GET /servers HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"));
        out.add(bytes("GET /servers HTTP/1.1\r\nHost: x\r\nX: " + "h".repeat(70_000) + "\r\n\r\n"));
        out.add(bytes("GET /servers HTTP/1.1\r\nHost: x\r\n" + "X-Many: 1\r\n".repeat(3_000) + "\r\n"));
        out.add(bytes("GET /servers HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n"));
        out.add(bytes("GET /servers HTTP/1.1\r\nHost: x\r\n no-name\r\n\r\n"));
        out.add(bytes("GET /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nReferer: /hb/" + token() + "\r\nCookie: "
                + "c".repeat(50_000) + "\r\n\r\n"));
    }

    private void jsonAndBodies(List<byte[]> out) {
        // JSON bodies, broken every way, to every endpoint that reads one (the admin API answers loopback names)
        List<String> good = List.of("{\"worker\":\"w\",\"families\":[4],\"kinds\":[\"tcp\"],\"max\":10}",
                "{\"worker\":\"w\",\"results\":[{\"lease\":\"x.y\",\"target\":1,\"up\":true}]}",
                "{\"name\":\"fuzz\",\"interval\":\"1s\"}"); // too short an interval: refused however it is read
        List<String> endpoints = List.of("POST /api/work", "POST /api/results", "POST /api/heartbeats",
                "PUT /api/heartbeats/999");
        for (int i = 0; i < 120; i++) {
            byte[] body = broken(pick(good));
            String type = random.nextInt(5) == 0 ? "text/plain" : "application/json";
            out.add(join(bytes(pick(endpoints) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n"), body));
        }
        // bodies cut short, bad lengths, broken chunks: heartbeat pings take them without auth
        List<String> bodyPaths = List.of("POST /hb/" + token(), "POST /hb/" + token() + "/fail", "POST /api/work",
                "POST /api/results", "POST /api/heartbeats", "POST /heartbeats", "POST /heartbeats/1/pause");
        for (int i = 0; i < 60; i++) {
            String p = pick(bodyPaths);
            out.add(bytes(p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + (50 + random.nextInt(5_000)) + "\r\n\r\n{\"name\": \"cut"));
            out.add(bytes(p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + pick(List.of("zz\r\n", "5\r\nab", "5\r\nabcdefgh\r\n0\r\n\r\n", "-1\r\n", "ffffffffffff\r\nx",
                    "5;" + "e".repeat(10_000) + "\r\nabcde\r\n0\r\n\r\n"))));
            out.add(bytes(p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + pick(List.of("-1", "abc", "1 2",
                    "99999999999999999999", "10\r\nContent-Length: 20", "5000000")) + "\r\n\r\nabc"));
        }
        // forms with bad percent-encodings (the admin pages are open on loopback: the CSRF check parses them)
        for (String form : List.of("name=%u0041&interval=1h", "csrf=%zz", "name=%", "a=%E0%A4%A",
                "name=" + "n".repeat(20_000))) {
            for (String p : List.of("POST /heartbeats", "POST /heartbeats/1", "POST /heartbeats/1/delete")) {
                out.add(bytes(p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                        + "\r\nContent-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form));
            }
        }
    }

    /** {@code json} broken one of many ways. */
    private byte[] broken(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(12)) {
            case 0 -> java.util.Arrays.copyOf(b, random.nextInt(b.length)); // cut anywhere
            case 1 -> bytes(json + json); // a second document
            case 2 -> bytes(json + " trailing");
            case 3 -> bytes(json.replaceFirst("\\{", "{\"worker\":\"a\",")); // a key twice
            case 4 -> bytes("[".repeat(5_000) + "]".repeat(5_000));
            case 5 -> bytes("{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000));
            case 6 -> bytes(json.replace("10", "1e999999").replace("true", "\"yes\"").replace("1,", "1.5,"));
            case 7 -> join(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b); // a byte order mark
            case 8 -> join(b, new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC0});
            case 9 -> bytes(json.replace("\"w\"", "\"" + "w".repeat(100_000) + "\""));
            case 10 -> bytes(json.replace("\"", "'"));
            default -> {
                byte[] c = b.clone();
                for (int i = 0; i < 3; i++) {
                    c[random.nextInt(c.length)] = (byte) random.nextInt(256);
                }
                yield c;
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A request sent a little at a time and held open: what a slow (or malicious) client does. */
    private static final class Slow {
        private final Socket socket;

        private Slow(Socket socket) {
            this.socket = socket;
        }

        static Slow open(int port, String start) throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(bytes(start));
            s.getOutputStream().flush();
            return new Slow(s);
        }

        void dribble(String more) throws IOException {
            socket.getOutputStream().write(bytes(more));
            socket.getOutputStream().flush();
        }

        /** Stops sending (the request ends unfinished) and reads the answer: its status, or -1 for none. */
        int end() throws IOException {
            try (socket) {
                socket.shutdownOutput();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                try {
                    while ((n = in.read(buf)) > 0) {
                        got.write(buf, 0, n);
                    }
                } catch (java.net.SocketException reset) {
                    // reset after its answer, or instead of one
                }
                String text = got.toString(StandardCharsets.ISO_8859_1);
                return text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : -1;
            }
        }
    }
}
