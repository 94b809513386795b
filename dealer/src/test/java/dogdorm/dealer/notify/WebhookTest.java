package dogdorm.dealer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.testkit.Cores;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.heartbeat.PingKind;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.table.Source;
import dogdorm.dealer.table.Stats;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.testkit.IdleClosingServer;
import dogdorm.dealer.testkit.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import dogdorm.dealer.action.Events;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.testkit.Flushes;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Webhook delivery to local receivers: bodies per style, a retry after a 500, no blocking behind a hung one. */
class WebhookTest {
    private final ObjectMapper json = Json.newMapper();
    private final MockWebServer good = new MockWebServer();
    private final MockWebServer hung = new MockWebServer();
    private final MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
    private Notifier notifier;

    private static final Event DOWN = new Event(41, "target.down", Instant.parse("2026-11-22T10:00:00Z"),
            "tcp shop.example.org (203.0.113.10:443) is down: connection refused",
            Map.of("target", 7, "kind", "tcp", "name", "shop.example.org"));

    /** Flushers started by a test: events are sent once what caused them is stored. */
    private final List<Flusher> flushers = new ArrayList<>();

    @AfterEach
    void stop() {
        flushers.forEach(Flusher::stop);
        if (notifier != null) notifier.close();
        good.close();
        hung.close();
    }

    @Test
    void a_generic_webhook_gets_the_event_as_json_and_a_500_is_retried() throws Exception {
        good.enqueue(new MockResponse.Builder().code(500).build());
        good.enqueue(new MockResponse.Builder().code(204).build());
        good.start();
        notifier = new Notifier(List.of(good.url("/hooks/abc").toString()), json, Duration.ofSeconds(2), 3,
                Duration.ofMillis(100));
        notifier.publish(DOWN);
        RecordedRequest first = good.takeRequest(5, TimeUnit.SECONDS);
        RecordedRequest second = good.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(second, "retried after the 500");
        JsonNode body = json.readTree(second.getBody().utf8());
        assertEquals("target.down", body.get("event").asText());
        assertEquals(41, body.get("id").asLong(), "the same id on every attempt: a receiver can tell a repeat");
        assertEquals("2026-11-22T10:00:00Z", body.get("at").asText());
        assertEquals(7, body.get("target").asInt());
        assertTrue(body.get("message").asText().contains("connection refused"));
        assertEquals(first.getBody(), second.getBody());
        assertEquals("POST", second.getMethod());
        assertEventually(() -> notifier.hooks().get(0).delivered() == 1);
    }

    @Test
    void slack_discord_and_ntfy_get_their_own_bodies() throws Exception {
        good.start();
        for (int i = 0; i < 3; i++) good.enqueue(new MockResponse.Builder().code(200).build());
        notifier = new Notifier(List.of("slack:" + good.url("/s"), "discord:" + good.url("/d"),
                "ntfy:" + good.url("/topic")), json, Duration.ofSeconds(2), 3, Duration.ofMillis(100));
        notifier.publish(DOWN);
        Map<String, RecordedRequest> byPath = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = good.takeRequest(5, TimeUnit.SECONDS);
            byPath.put(r.getUrl().encodedPath(), r);
        }
        assertEquals(DOWN.message(), json.readTree(byPath.get("/s").getBody().utf8()).get("text").asText());
        assertEquals(DOWN.message(), json.readTree(byPath.get("/d").getBody().utf8()).get("content").asText());
        RecordedRequest ntfy = byPath.get("/topic");
        assertEquals(DOWN.message(), ntfy.getBody().utf8());
        assertEquals("Dogdorm: target.down", ntfy.getHeaders().get("Title"));
        assertEquals("rotating_light", ntfy.getHeaders().get("Tags"));
    }

    @Test
    void a_hung_receiver_delays_nobody_else() throws Exception {
        hung.start();
        for (int i = 0; i < 5; i++) {
            hung.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        }
        good.start();
        for (int i = 0; i < 5; i++) good.enqueue(new MockResponse.Builder().code(200).build());
        notifier = new Notifier(List.of(hung.url("/x").toString(), good.url("/y").toString()), json,
                Duration.ofSeconds(8), 3, Duration.ofMillis(100));
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            notifier.publish(DOWN);
        }
        long publishMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(publishMs < 1_000, "publishing blocked for " + publishMs + " ms");
        for (int i = 0; i < 5; i++) {
            assertNotNull(good.takeRequest(4, TimeUnit.SECONDS), "event " + i + " reached the healthy receiver");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        // behind the hung one, the first event would wait for its 8 s timeout
        assertTrue(ms < 5_000, "the healthy receiver waited " + ms + " ms behind the hung one");
        assertFalse(notifier.hooks().get(0).delivered() > 0);
    }

    /** Heartbeats wired to a webhook on {@code good}, with one token ("nightly backup", 1h + 5m) pinged once. */
    private record Wired(Heartbeats heartbeats, Heartbeat token) {
        void ping() throws Exception {
            heartbeats.ping(token.token(), PingKind.SUCCESS, Heartbeats.Received.of("GET", "127.0.0.1"));
        }
    }

    private Wired wiredHeartbeat(int answers) throws Exception {
        good.start();
        for (int i = 0; i < answers; i++) good.enqueue(new MockResponse.Builder().code(200).build());
        notifier = new Notifier(List.of(good.url("/hb").toString()), json, Duration.ofSeconds(2), 3,
                Duration.ofMillis(100));
        var heartbeats = new Heartbeats(clock, new SecureRandom());
        Events.wire(heartbeats, new Outbox(notifier));
        Flusher flusher = Flushes.ofHeartbeats(new MemoryStore(), heartbeats);
        heartbeats.onRecorded(flusher::soon);
        flusher.start();
        flushers.add(flusher);
        Wired w = new Wired(heartbeats, heartbeats.create(HeartbeatSpec.parse("nightly backup", "", "1h", "5m")));
        w.ping();
        return w;
    }

    @Test
    void heartbeat_tokens_going_down_and_up_are_events() throws Exception {
        Wired w = wiredHeartbeat(2);
        var h = w.token();
        clock.advance(Duration.ofMinutes(66));
        w.heartbeats().sweep();
        JsonNode down = json.readTree(good.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertEquals("heartbeat.down", down.get("event").asText());
        assertEquals("nightly backup", down.get("name").asText());
        assertFalse(down.toString().contains(h.token()), "the token is not in the event");
        w.ping();
        JsonNode up = json.readTree(good.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertEquals("heartbeat.up", up.get("event").asText());
    }

    @Test
    void a_heartbeat_that_went_down_and_was_paused_says_up_at_its_first_ping_after_the_resume() throws Exception {
        Wired w = wiredHeartbeat(3);
        clock.advance(Duration.ofMinutes(66));
        w.heartbeats().sweep();
        RecordedRequest down = good.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(down);
        assertTrue(down.getBody().utf8().contains("heartbeat.down"));
        w.heartbeats().pause(w.token().id());
        assertNull(good.takeRequest(300, TimeUnit.MILLISECONDS), "a pause says nothing");
        w.heartbeats().resume(w.token().id()); // waiting for a ping: nothing says the job works yet
        assertNull(good.takeRequest(300, TimeUnit.MILLISECONDS), "a resume says nothing");
        w.ping();
        RecordedRequest up = good.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(up, "the 'up' that the 'down' promised");
        assertEquals("heartbeat.up", json.readTree(up.getBody().utf8()).get("event").asText());
        w.ping();
        assertNull(good.takeRequest(300, TimeUnit.MILLISECONDS), "once");
    }

    @Test
    void a_target_down_without_a_reason_or_an_address_is_still_an_event() throws Exception {
        good.start();
        for (int i = 0; i < 2; i++) good.enqueue(new MockResponse.Builder().code(200).build());
        notifier = new Notifier(List.of(good.url("/t").toString()), json, Duration.ofSeconds(2), 3,
                Duration.ofMillis(100));
        Core dealer = new Core(Cores.settings(b -> b.interval(Duration.ofMinutes(10))
            .spread(Duration.ofSeconds(1)).failThreshold(1).allowPrivate(true)), clock, new Random(3), Feed.NONE);
        Events.wire(dealer, new Outbox(notifier));
        Flusher flusher = Flushes.ofCore(new MemoryStore(), dealer.changes());
        dealer.onStateChange(flusher::soon);
        flusher.start();
        flushers.add(flusher);
        // a ping target named by host alone: the worker resolves it, so the dealer knows no address
        long id = dealer.addTarget(new TargetSpec(Kind.PING, 4, null, "box.example", null, 0, null, null, null,
                new Source("ping_v4.csv", 1), null, null, null, null)).id();
        for (boolean up : new boolean[] {true, false}) {
            clock.advance(Duration.ofMinutes(11));
            Job job = dealer.work(new WorkRequest("w1", null, List.of(4), List.of(Kind.PING), 1, 0)).get(0);
            // as a worker would post it: a failure with no error given
            ProbeResult r = json.readValue("{\"lease\":\"" + job.lease() + "\",\"target\":" + id + ",\"up\":" + up
                    + ",\"error\":null}", ProbeResult.class);
            assertEquals(1, dealer.results(new ResultBatch("w1", List.of(r))).accepted());
        }
        RecordedRequest sent = good.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(sent, "no target.down event was sent");
        JsonNode down = json.readTree(sent.getBody().utf8());
        assertEquals("target.down", down.get("event").asText());
        assertEquals(ProbeResult.NO_REASON, down.get("error").asText());
        assertTrue(down.get("address").isNull(), down.toString());
        assertEquals("box.example", down.get("name").asText());
    }

    @Test
    void a_notify_value_that_is_not_a_url_is_refused_without_echoing_it() {
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Notifier(List.of("slack:not a url/secret-path"), json, Duration.ofSeconds(1), 1,
                        Duration.ofMillis(1)));
        assertFalse(e.getMessage().contains("secret-path"), e.getMessage());
    }

    private static void assertEventually(BooleanSupplier c) throws InterruptedException {
        for (int i = 0; i < 100 && !c.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
        assertTrue(c.getAsBoolean());
    }

    @Test
    void a_connection_the_receiver_closed_while_idle_does_not_fail_a_delivery() throws Exception {
        // the receiver closes a connection idle for a second; each event comes a little later, when OkHttp would
        // reuse that connection: one attempt each must be enough, and each event arrives once
        try (IdleClosingServer receiver = new IdleClosingServer(Duration.ofSeconds(1),
                r -> new IdleClosingServer.Answer(204, ""))) {
            notifier = new Notifier(List.of(receiver.url("/hooks/abc")), json, Duration.ofSeconds(2), 1,
                    Duration.ofMillis(100));
            Webhook hook = notifier.hooks().get(0);
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    Thread.sleep(1_400);
                }
                Event e = new Event(100 + i, "target.down", DOWN.at(), DOWN.message(), DOWN.fields());
                assertNull(hook.tryOnce(e), "event " + i + " after " + receiver.connections() + " connection(s)");
            }
            List<String> ids = receiver.received().stream().map(r -> json(r.body()).get("id").asText()).toList();
            assertEquals(List.of("100", "101", "102", "103"), ids);
            assertEquals(4, receiver.connections(), "a fresh connection after each idle close");
        }
    }

    private JsonNode json(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
