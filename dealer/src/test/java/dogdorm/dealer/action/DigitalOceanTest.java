package dogdorm.dealer.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.common.Json;
import dogdorm.dealer.testkit.IdleClosingServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DigitalOcean calls against a local fake of the API (the real one cannot be used here): exact requests. */
class DigitalOceanTest {
    private static final String TOKEN = "dop_v1_test_token";
    private final MockWebServer server = new MockWebServer();
    private final List<Duration> waits = new ArrayList<>();
    private DigitalOcean api;

    @BeforeEach
    void start() throws Exception {
        server.start();
        api = new DigitalOcean(server.url("/").toString(), DigitalOcean.client(Duration.ofSeconds(2),
                Duration.ofMillis(500)), Json.newMapper(), 4, Duration.ofSeconds(2), waits::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void a_reboot_is_one_exact_post() throws Exception {
        server.enqueue(json(201, "{\"action\":{\"id\":36804636,\"status\":\"in-progress\",\"type\":\"reboot\"}}"));
        DigitalOcean.Answer a = api.act(TOKEN, "3164444", "reboot");
        assertTrue(a.ok());
        assertEquals(201, a.status());
        assertEquals(36804636L, a.actionId());
        assertEquals("in-progress", a.actionStatus());
        RecordedRequest r = server.takeRequest();
        assertEquals("POST", r.getMethod());
        assertEquals("/v2/droplets/3164444/actions", r.getUrl().encodedPath());
        assertEquals("Bearer " + TOKEN, r.getHeaders().get("Authorization"));
        assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
        assertEquals("{\"type\":\"reboot\"}", r.getBody().utf8());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void unauthorized_and_not_found_fail_at_once_with_the_apis_message() throws Exception {
        server.enqueue(json(401, "{\"id\":\"unauthorized\",\"message\":\"Unable to authenticate you\"}"));
        DigitalOcean.Answer a = api.act(TOKEN, "1", "reboot");
        assertFalse(a.ok());
        assertEquals(401, a.status());
        assertEquals("DigitalOcean answered 401: Unable to authenticate you", a.error());
        server.enqueue(json(404, "{\"id\":\"not_found\",\"message\":\"The resource you requested could not be found.\"}"));
        assertEquals(404, api.act(TOKEN, "2", "reboot").status());
        assertEquals(2, server.getRequestCount(), "no retries");
        assertTrue(waits.isEmpty());
        assertFalse(a.error().contains(TOKEN));
    }

    @Test
    void too_many_requests_waits_as_retry_after_says_then_succeeds() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
                .body("{\"message\":\"API Rate limit exceeded.\"}").build());
        server.enqueue(json(201, "{\"action\":{\"id\":5,\"status\":\"in-progress\"}}"));
        DigitalOcean.Answer a = api.act(TOKEN, "1", "power_cycle");
        assertTrue(a.ok());
        assertEquals(List.of(Duration.ofSeconds(7)), waits);
        assertEquals(2, server.getRequestCount());
        server.takeRequest();
        assertEquals("{\"type\":\"power_cycle\"}", server.takeRequest().getBody().utf8());
    }

    @Test
    void retry_after_as_an_http_date_is_counted_from_the_answers_own_date() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Date", "Sun, 22 Nov 2026 10:00:00 GMT")
                .addHeader("Retry-After", "Sun, 22 Nov 2026 10:00:42 GMT").body("{\"message\":\"busy\"}").build());
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Date", "Sun, 22 Nov 2026 10:00:00 GMT")
                .addHeader("Retry-After", "Sun, 22 Nov 2026 09:59:00 GMT").body("{\"message\":\"busy\"}").build());
        server.enqueue(json(201, "{\"action\":{\"id\":6,\"status\":\"in-progress\"}}"));
        assertTrue(api.act(TOKEN, "1", "reboot").ok());
        assertEquals(List.of(Duration.ofSeconds(42), Duration.ZERO), waits, "a date in the past: at once");
    }

    @Test
    void server_errors_are_retried_with_growing_backoff_then_given_up() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(500, "{\"message\":\"Server Error\"}"));
        }
        DigitalOcean.Answer a = api.act(TOKEN, "1", "reboot");
        assertFalse(a.ok());
        assertEquals(500, a.status());
        assertEquals(4, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)), waits);
    }

    @Test
    void a_hung_api_times_out_and_the_reboot_is_not_repeated() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        long start = System.nanoTime();
        DigitalOcean.Answer a = api.act(TOKEN, "1", "reboot");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertFalse(a.ok());
        assertTrue(a.error().startsWith("no answer from DigitalOcean in time"), a.error());
        assertTrue(ms < 3_000, "gave up after " + ms + " ms");
        assertEquals(1, server.getRequestCount(), "a reboot that may be under way is not sent twice");
    }

    @Test
    void an_action_is_polled_until_completed() throws Exception {
        server.enqueue(json(200, "{\"action\":{\"id\":9,\"status\":\"in-progress\"}}"));
        server.enqueue(json(200, "{\"action\":{\"id\":9,\"status\":\"completed\"}}"));
        assertEquals("in-progress", api.action(TOKEN, 9).actionStatus());
        assertEquals("completed", api.action(TOKEN, 9).actionStatus());
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("GET", r.getMethod());
        assertEquals("/v2/actions/9", r.getUrl().encodedPath());
        assertEquals("Bearer " + TOKEN, r.getHeaders().get("Authorization"));
    }

    @Test
    void an_action_after_the_api_closed_an_idle_connection_is_sent_once_and_succeeds() throws Exception {
        // the API (or a proxy before it) closes a connection idle for a second; the status read left one open
        try (IdleClosingServer idle = new IdleClosingServer(Duration.ofSeconds(1), r -> r.method().equals("GET")
                ? new IdleClosingServer.Answer(200, "{\"action\":{\"id\":9,\"status\":\"completed\"}}")
                : new IdleClosingServer.Answer(201, "{\"action\":{\"id\":10,\"status\":\"in-progress\"}}"))) {
            DigitalOcean once = new DigitalOcean(idle.url("/"), DigitalOcean.client(Duration.ofSeconds(2),
                    Duration.ofSeconds(2)), Json.newMapper(), 1, Duration.ofSeconds(2), waits::add);
            assertEquals("completed", once.action(TOKEN, 9).actionStatus());
            Thread.sleep(1_400); // the server has closed that connection by now
            DigitalOcean.Answer a = once.act(TOKEN, "3164444", "reboot");
            assertTrue(a.ok(), a.error());
            assertEquals(10L, a.actionId());
            assertEquals(List.of("GET /v2/actions/9", "POST /v2/droplets/3164444/actions"),
                    idle.received().stream().map(r -> r.method() + " " + r.path()).toList());
        }
    }

    @Test
    void an_action_whose_connection_is_lost_before_the_answer_is_not_asked_again() throws Exception {
        // the API read the whole request and the connection broke: the droplet may be rebooting already
        try (IdleClosingServer lost = new IdleClosingServer(Duration.ofSeconds(5), r -> r.method().equals("GET")
                ? new IdleClosingServer.Answer(200, "{\"action\":{\"id\":9,\"status\":\"completed\"}}")
                : IdleClosingServer.NO_ANSWER)) {
            DigitalOcean api4 = new DigitalOcean(lost.url("/"), DigitalOcean.client(Duration.ofSeconds(2),
                    Duration.ofSeconds(2)), Json.newMapper(), 4, Duration.ofSeconds(2), waits::add);
            DigitalOcean.Answer a = api4.act(TOKEN, "1", "reboot");
            assertFalse(a.ok());
            assertTrue(a.error().startsWith("talking to DigitalOcean: "), a.error());
            assertTrue(a.error().endsWith("(it may have been carried out: not asked again)"), a.error());
            assertEquals(1, lost.received().size(), "sent once: " + lost.received());
            assertEquals(List.of(), waits);
        }
    }

    @Test
    void a_status_read_whose_connection_is_lost_is_read_again() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (IdleClosingServer flaky = new IdleClosingServer(Duration.ofSeconds(5), r -> reads.incrementAndGet() == 1
                ? IdleClosingServer.NO_ANSWER
                : new IdleClosingServer.Answer(200, "{\"action\":{\"id\":9,\"status\":\"completed\"}}"))) {
            DigitalOcean api4 = new DigitalOcean(flaky.url("/"), DigitalOcean.client(Duration.ofSeconds(2),
                    Duration.ofSeconds(2)), Json.newMapper(), 4, Duration.ofSeconds(2), waits::add);
            DigitalOcean.Answer a = api4.action(TOKEN, 9);
            assertTrue(a.ok(), a.error());
            assertEquals("completed", a.actionStatus());
            assertEquals(2, flaky.received().size());
            assertEquals(List.of(Duration.ofSeconds(2)), waits);
        }
    }
}
