package dogdorm.dealer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events that must not be lost: sent once in a run, deleted once delivered, sent again after a restart. */
class OutboxTest {
    private final ObjectMapper json = Json.newMapper();
    private final MockWebServer receiver = new MockWebServer();
    private Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) notifier.close();
        receiver.close();
    }

    private Outbox outbox(int answers) throws Exception {
        receiver.start();
        for (int i = 0; i < answers; i++) {
            receiver.enqueue(new MockResponse.Builder().code(200).build());
        }
        notifier = new Notifier(List.of(receiver.url("/hook").toString()), json, Duration.ofSeconds(2), 2,
                Duration.ofMillis(10));
        return new Outbox(notifier);
    }

    private static Event event(long id) {
        return new Event(id, "target.down", Instant.parse("2026-11-22T10:00:00Z"), "down", Map.of("target", 1));
    }

    private static Set<Long> deliveredEventually(Outbox o, int n) throws Exception {
        for (int i = 0; i < 250 && o.waiting() < n; i++) {
            Thread.sleep(20);
        }
        return o.take().ids();
    }

    @Test
    void an_event_handed_over_twice_in_a_run_is_sent_once_and_then_deleted() throws Exception {
        Outbox o = outbox(2);
        Event e = event(o.nextId());
        o.send(List.of(e)); // after a flush that failed
        o.send(List.of(e)); // after the flush that stored it
        RecordedRequest sent = receiver.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(sent);
        assertEquals(e.id(), json.readTree(sent.getBody().utf8()).get("id").asLong());
        assertNull(receiver.takeRequest(300, TimeUnit.MILLISECONDS), "once");
        Set<Long> delivered = deliveredEventually(o, 1);
        assertEquals(Set.of(e.id()), delivered, "delivered: the next flush deletes it");
        o.stored(new Outbox.Delivered(delivered, 0));
    }

    @Test
    void a_restart_sends_again_what_was_stored_and_not_delivered_with_the_same_id_and_gives_new_ids_after() throws Exception {
        Outbox o = outbox(1);
        o.restore(List.of(event(7)), 9);
        RecordedRequest again = receiver.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(again);
        assertEquals(7, json.readTree(again.getBody().utf8()).get("id").asLong());
        assertEquals(10, o.nextId(), "never an id given before the restart");
        assertEquals(Set.of(7L), deliveredEventually(o, 1));
    }

    @Test
    void a_delete_that_could_not_be_stored_waits_for_the_next_flush() throws Exception {
        Outbox o = outbox(1);
        o.send(List.of(event(o.nextId())));
        Set<Long> delivered = deliveredEventually(o, 1);
        o.giveBack(new Outbox.Delivered(delivered, 1));
        assertEquals(1, o.waiting());
        assertEquals(delivered, o.take().ids());
        assertTrue(o.take().ids().isEmpty());
    }

    @Test
    void without_webhooks_an_event_is_done_at_once() {
        Outbox o = new Outbox(new Notifier(List.of(), json, Duration.ofSeconds(1), 1, Duration.ofMillis(1)));
        o.send(List.of(event(o.nextId())));
        assertEquals(Set.of(1L), o.take().ids());
    }
}
