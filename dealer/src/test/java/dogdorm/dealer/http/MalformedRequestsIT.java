package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client gets wrong, sent to a dealer in its own process so its whole log is read: each is a 400 saying
 * what was wrong, logged at most once a minute per kind at WARN without a stack trace, and no heartbeat token sent
 * ever reaches the log. Unknown tokens are counted and, past 30 a minute from one address, refused.
 */
class MalformedRequestsIT {
    @TempDir
    static Path dir;
    private static DealerProcess dealer;
    private static RawHttp raw;
    private static Http http;
    private static final List<String> tokensSent = new ArrayList<>();
    private static final AtomicInteger markers = new AtomicInteger();
    private static final Random random = new SecureRandom();

    @BeforeAll
    static void start() throws Exception {
        dealer = DealerProcess.start("--data", dir.resolve("data").toString(), "--lists",
                Files.createDirectories(dir.resolve("lists")).toString());
        raw = new RawHttp(Integer.parseInt(dealer.url().replaceAll(".*:", "")));
        http = new Http(dealer.url());
    }

    @AfterAll
    static void stop() throws Exception {
        dealer.close();
    }

    /** A token that could be one (24 characters of the alphabet), remembered to look for in the log. */
    private static String token() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            b.append(dogdorm.dealer.heartbeat.Tokens.ALPHABET.charAt(random.nextInt(64)));
        }
        synchronized (tokensSent) {
            tokensSent.add(b.toString());
        }
        return b.toString();
    }

    /**
     * Makes the dealer log a line of its own (a heartbeat created) and waits for it: whatever the requests before it
     * made the dealer log is in the output read so far.
     */
    private static String logSoFar() {
        String name = "marker-" + markers.incrementAndGet();
        Http.Answer a = http.post("/api/heartbeats", "{\"name\":\"" + name + "\",\"interval\":\"1h\"}");
        assertEquals(201, a.status(), a.body());
        Eventually.until(Duration.ofSeconds(10), "the dealer logs '" + name + "'",
                () -> dealer.output().contains("'" + name + "'"));
        return dealer.output();
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    private static void assertNoTokenAndNoStackTrace(String log) {
        synchronized (tokensSent) {
            for (String t : tokensSent) {
                assertFalse(log.contains(t), "token " + t + " in the log:\n" + log);
                assertFalse(log.contains(t.substring(0, 12)), "half of token " + t + " in the log:\n" + log);
            }
        }
        assertFalse(log.contains("\tat "), "a stack trace in the log:\n" + log);
        assertFalse(log.contains("[ERROR]"), "an ERROR in the log:\n" + log);
    }

    @Test
    void a_body_shorter_than_its_length_is_a_400_logged_once_a_minute_without_a_stack_trace() {
        for (int i = 0; i < 5; i++) {
            RawHttp.Reply ping = raw.send("POST /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n"
                    + "abc");
            assertEquals(400, ping.status(), ping.body());
            assertTrue(ping.body().contains("the request body ended early"), ping.body());
            RawHttp.Reply work = raw.send("POST /api/work HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"worker\":");
            assertEquals(400, work.status(), work.body());
            assertEquals("{\"error\":\"the request body ended early: shorter than its Content-Length, or its chunked"
                    + " encoding broke off\"}", work.body());
        }
        String log = logSoFar();
        assertEquals(1, count(log, "malformed request (body cut short)"), log);
        assertTrue(log.contains("[WARN] RequestFailures - malformed request (body cut short): POST /"), log);
        assertNoTokenAndNoStackTrace(log);
    }

    @Test
    void a_percent_not_followed_by_two_hex_digits_in_a_path_parameter_is_a_400() {
        for (String path : List.of("/targets/%u0041", "/api/targets/%u0041/checks", "/static/%u0041",
                "/status/service/%u0041", "/hb/%u0041" + token(), "/hb/" + token() + "%u0041/start")) {
            RawHttp.Reply r = raw.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(400, r.status(), path + ": " + r.body());
            assertTrue(r.body().contains("the path has a '%' not followed by two hex digits"), path + ": " + r.body());
        }
        String log = logSoFar();
        assertEquals(1, count(log, "malformed request (bad percent-encoding)"), log);
        assertNoTokenAndNoStackTrace(log);
    }

    @Test
    void requests_that_carry_a_token_in_a_bad_request_line_never_put_it_in_the_log() {
        List<String> requests = List.of(
                "CONNECT /hb/" + token() + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "CONNECT /hb/" + token() + "/start HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n",
                "GET /hb/" + token() + " HTTP/1.1\r\nHost: x:99999\r\n\r\n",
                "GET http://x/hb/" + token() + " HTTP/1.1\r\nHost: y:bad\r\n\r\n",
                "GET /hb/" + token() + "/../x HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /hb/" + token() + "%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /hb/" + token() + " HTTP/9.9\r\nHost: x\r\n\r\n",
                "BREW /hb/" + token() + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /hb/" + token() + " HTTP/1.1\r\n\r\n",
                "POST /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET /hb/" + token() + " HTTP/1.1\r\nHost: x\r\nReferer: http://x/hb/" + token() + "\r\nX: "
                        + "a".repeat(70_000) + "\r\n\r\n");
        for (String r : requests) {
            RawHttp.Reply reply = raw.send("127.0.0.3", r.getBytes(StandardCharsets.ISO_8859_1));
            // refused by the HTTP server itself (505 for HTTP/9.9), never a 500
            assertTrue(reply.status() >= 400 && reply.status() < 500 || reply.status() == 505,
                    reply.status() + " for " + r.substring(0, 40));
        }
        assertNoTokenAndNoStackTrace(logSoFar());
    }

    @Test
    void unknown_tokens_are_counted_and_past_30_a_minute_the_address_is_refused_with_a_warning() throws Exception {
        String mine = new ObjectMapper().readTree(http.post("/api/heartbeats",
                "{\"name\":\"nightly\",\"interval\":\"1h\"}").body()).get("token").asText();
        for (int i = 0; i < 30; i++) {
            RawHttp.Reply guess = raw.send("127.0.0.9", ("GET /hb/" + token() + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(404, guess.status(), "guess " + (i + 1));
        }
        RawHttp.Reply refused = raw.send("127.0.0.9", ("GET /hb/" + token() + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(429, refused.status());
        int wait = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(wait >= 1 && wait <= 60, "Retry-After: " + wait);
        RawHttp.Reply known = raw.send("127.0.0.9", ("GET /hb/" + mine + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(429, known.status(), "a good token from the guessing address is refused too: no oracle");
        RawHttp.Reply elsewhere = raw.send("127.0.0.10", ("GET /hb/" + mine + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, elsewhere.status(), "another address pings as before");

        String metrics = http.get("/metrics").body();
        assertTrue(metrics.contains("dogdorm_heartbeat_pings_refused_total 2.0"), metrics);
        long unknown = metrics.lines().filter(l -> l.startsWith("dogdorm_heartbeat_pings_total{outcome=\"unknown\"}"))
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
        assertTrue(unknown >= 30, metrics);

        String log = logSoFar();
        assertEquals(1, count(log, "with unknown tokens from 127.0.0.9"), log);
        assertTrue(log.contains("[WARN] UnknownTokenLimit - heartbeat pings: 30 with unknown tokens from 127.0.0.9 "
                + "within a minute: its pings are refused (429) until "), log);
        assertFalse(log.contains(mine), "the good token is not logged either");
        assertNoTokenAndNoStackTrace(log);
    }
}
