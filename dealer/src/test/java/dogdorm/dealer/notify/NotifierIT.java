package dogdorm.dealer.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.testkit.HookReceiver;
import dogdorm.dealer.testkit.SmtpReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Run-time receivers in the notifier: routed by their filters, put and removed while it runs. */
class NotifierIT {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final ObjectMapper json = Json.newMapper();
    private final HookReceiver hooks = new HookReceiver();
    private Notifier notifier;

    NotifierIT() throws Exception {}

    @AfterEach
    void stop() {
        if (notifier != null) notifier.close();
        hooks.close();
    }

    private static Event event(long id, String type, Long target) {
        return new Event(id, type, T0, type + " " + id, target == null ? Map.of() : Map.of("target", target));
    }

    private Receiver hook(long id, String path, ReceiverFilter filter) {
        return new Receiver(id, "r" + id, ReceiverKind.JSON, hooks.url(path), null, filter, T0);
    }

    @Test
    void each_receiver_gets_what_its_filter_takes_and_the_command_line_webhooks_get_everything() throws Exception {
        notifier = new Notifier(List.of(hooks.url("/cli")), json, Duration.ofSeconds(2), 2, Duration.ofMillis(10),
                id -> id == 1 ? new Subject("tcp_v4.csv", Set.of("tcp", "v4")) : null);
        notifier.put(hook(1, "/downs", new ReceiverFilter(null, null, null, List.of("target.down"))));
        notifier.put(hook(2, "/list", new ReceiverFilter(null, List.of("tcp_v4.csv"), null, null)));
        notifier.put(hook(3, "/other", new ReceiverFilter(List.of(9L), null, null, null)));
        CountDownLatch done = new CountDownLatch(3);
        notifier.publish(event(1, "target.down", 1L), done::countDown);
        notifier.publish(event(2, "target.up", 1L), done::countDown);
        notifier.publish(event(3, "heartbeat.down", null), done::countDown);
        assertTrue(done.await(10, TimeUnit.SECONDS), "every event is done with");
        Map<String, List<Long>> got = new java.util.TreeMap<>();
        for (HookReceiver.Hook h : hooks.drain()) {
            got.computeIfAbsent(h.path(), p -> new java.util.ArrayList<>()).add(json.readTree(h.body()).get("id")
                    .asLong());
        }
        got.values().forEach(l -> l.sort(null));
        assertEquals(Map.of("/cli", List.of(1L, 2L, 3L), "/downs", List.of(1L), "/list", List.of(1L, 2L)), got);
    }

    @Test
    void a_receiver_changed_sends_to_its_new_place_and_one_removed_sends_nothing_more() throws Exception {
        notifier = new Notifier(List.of(), json, Duration.ofSeconds(2), 2, Duration.ofMillis(10));
        notifier.put(hook(1, "/old", ReceiverFilter.EVERYTHING));
        notifier.publish(event(1, "target.down", 1L));
        assertEquals("/old", hooks.next(5).path());
        notifier.put(hook(1, "/new", ReceiverFilter.EVERYTHING));
        notifier.publish(event(2, "target.down", 1L));
        assertEquals("/new", hooks.next(5).path());
        notifier.remove(1);
        CountDownLatch done = new CountDownLatch(1);
        notifier.publish(event(3, "target.down", 1L), done::countDown);
        assertTrue(done.await(1, TimeUnit.SECONDS), "with no receiver left it is done at once");
        assertNull(hooks.next(1));
    }

    @Test
    void a_test_goes_to_the_one_receiver_whatever_its_filter() throws Exception {
        notifier = new Notifier(List.of(hooks.url("/cli")), json, Duration.ofSeconds(2), 2, Duration.ofMillis(10));
        Receiver r = hook(5, "/only-downs", new ReceiverFilter(List.of(9L), null, null, List.of("target.down")));
        notifier.put(r);
        assertNull(notifier.test(r, new Event(8, Event.TEST, T0, "test", Map.of("receiver", 5))));
        HookReceiver.Hook h = hooks.next(5);
        assertEquals("/only-downs", h.path());
        assertEquals("test", json.readTree(h.body()).get("event").asText());
        assertNull(hooks.next(1), "to no one else");
        hooks.answer("/gone", 404);
        assertEquals("the receiver answered HTTP 404", notifier.test(hook(6, "/gone", null),
                new Event(9, Event.TEST, T0, "test", Map.of())));
    }

    @Test
    void an_e_mail_receiver_is_routed_like_a_webhook() throws Exception {
        try (SmtpReceiver smtp = SmtpReceiver.start()) {
            notifier = new Notifier(List.of(), json, Duration.ofSeconds(2), 2, Duration.ofMillis(10));
            notifier.put(new Receiver(1, "mail", ReceiverKind.EMAIL, null, new EmailSettings("127.0.0.1",
                    smtp.port(), false, null, null, "d@example.org", List.of("o@example.org")),
                    new ReceiverFilter(null, null, null, List.of("heartbeat.*")), T0));
            notifier.publish(event(1, "target.down", 1L));
            notifier.publish(event(2, "heartbeat.down", null));
            SmtpReceiver.Mail m = smtp.next(10);
            assertNotNull(m);
            assertEquals("heartbeat.down 2", m.header("X-Dogdorm-Event"));
            assertNull(smtp.next(1));
        }
    }
}
