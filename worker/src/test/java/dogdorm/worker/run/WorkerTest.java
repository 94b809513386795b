package dogdorm.worker.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.probe.FakeProbe;
import dogdorm.worker.probe.Probe;
import dogdorm.worker.probe.Probes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's resilience against a dealer that fails, answers garbage, or comes back: the dealer side is a
 * scripted local HTTP server, since these are faults a real dealer does not produce on demand.
 */
class WorkerTest {
    private final ObjectMapper json = Json.newMapper();
    private final MockWebServer dealer = new MockWebServer();
    private final BlockingQueue<JsonNode> posted = new LinkedBlockingQueue<>();
    private volatile int failResultsTimes;
    /** Every result post fails with 500 while set. */
    private volatile boolean refuseResults;
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int failWorkTimes;
    private volatile boolean garbageWork;
    /** Served once, instead of the next scripted job. */
    private volatile String nextWork;
    private volatile int jobsLeft = 1;
    private Worker worker;

    private static final String JOB = """
            {"jobs":[{"lease":"L%d","kind":"tcp","targets":[{"id":%d,"kind":"tcp","family":4,"ip":"127.0.0.1",
            "port":9}],"deadline":"2030-01-01T00:00:00Z"}]}""";

    private final Dispatcher script = new Dispatcher() {
        private int dealt;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            if (path.equals("/api/work")) {
                if (failWorkTimes > 0) {
                    failWorkTimes--;
                    return new MockResponse.Builder().code(503).body("busy").build();
                }
                String once = nextWork;
                if (once != null) {
                    nextWork = null;
                    return new MockResponse.Builder().code(200).body(once).build();
                }
                if (garbageWork) {
                    garbageWork = false;
                    return new MockResponse.Builder().code(200).body("{\"jobs\": [ {\"lease\": 42").build();
                }
                synchronized (this) {
                    if (jobsLeft > 0) {
                        jobsLeft--;
                        dealt++;
                        return new MockResponse.Builder().code(200).body(String.format(JOB, dealt, dealt)).build();
                    }
                }
                return new MockResponse.Builder().code(200).body("{\"jobs\":[]}").build();
            }
            if (path.equals("/api/results")) {
                if (refuseResults) {
                    refused.incrementAndGet();
                    return new MockResponse.Builder().code(500).body("oops").build();
                }
                if (failResultsTimes > 0) {
                    failResultsTimes--;
                    return new MockResponse.Builder().code(500).body("oops").build();
                }
                try {
                    JsonNode body = json.readTree(request.getBody().utf8());
                    posted.add(body);
                    return new MockResponse.Builder().code(200).body("{\"accepted\":" + body.get("results").size()
                            + ",\"rejected\":0,\"results\":[]}").build();
                } catch (Exception e) {
                    return new MockResponse.Builder().code(400).body("{\"error\":\"bad\"}").build();
                }
            }
            return new MockResponse.Builder().code(404).build();
        }
    };

    private void start() throws Exception {
        start("/");
    }

    private void start(String dealerPath) throws Exception {
        start(dealerPath, new Random(1));
    }

    private void start(String dealerPath, RandomGenerator random) throws Exception {
        dealer.setDispatcher(script);
        dealer.start();
        Probe fixed = FakeProbe.alwaysUp(Kind.TCP, 1.0);
        worker = new Worker(new Worker.Settings("w-test", null, List.of(4), List.of(Kind.TCP), 2,
                Duration.ofMillis(100), 1000), new DealerClient(dealer.url(dealerPath).toString(), "tok", json),
                new ProbeRunner(new Probes(List.of(fixed))), random);
        worker.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(2), Duration.ofSeconds(2));
        }
        dealer.close();
    }

    @Test
    void results_are_kept_while_the_dealer_fails_and_sent_when_it_is_back() throws Exception {
        failResultsTimes = 2;
        start();
        JsonNode body = posted.poll(15, TimeUnit.SECONDS);
        assertTrue(body != null, "results never arrived");
        assertEquals("w-test", body.get("worker").asText());
        assertEquals("L1", body.get("results").get(0).get("lease").asText());
        assertTrue(body.get("results").get(0).get("up").asBoolean());
        assertEquals(0, failResultsTimes, "both failures were retried through");
    }

    @Test
    void an_unreachable_or_garbled_dealer_is_survived() throws Exception {
        failWorkTimes = 2;
        garbageWork = true;
        start();
        assertTrue(posted.poll(15, TimeUnit.SECONDS) != null, "the worker gave up");
        assertEquals(0, failWorkTimes);
        assertTrue(!garbageWork, "the garbled answer was read and survived");
    }

    @Test
    void a_job_the_worker_cannot_read_is_handed_back_and_the_others_in_the_answer_run() throws Exception {
        jobsLeft = 0;
        nextWork = """
                {"jobs":[{"lease":"L7","kind":"tcp","targets":[{"id":7,"kind":"tcp","family":4,"ip":"127.0.0.1",
                "port":99999}],"deadline":"2030-01-01T00:00:00Z"},
                {"lease":"L8","kind":"tcp","targets":[{"id":8,"kind":"tcp","family":4,"ip":"127.0.0.1",
                "port":9}],"deadline":"2030-01-01T00:00:00Z"}]}""";
        start();
        Map<String, JsonNode> byLease = new HashMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (byLease.size() < 2 && System.nanoTime() < until) {
            JsonNode body = posted.poll(1, TimeUnit.SECONDS);
            if (body != null) {
                for (JsonNode r : body.get("results")) {
                    byLease.put(r.get("lease").asText(), r);
                }
            }
        }
        assertTrue(byLease.get("L8").get("up").asBoolean(), "the readable job ran: " + byLease);
        JsonNode back = byLease.get("L7");
        assertTrue(back.get("fault").asBoolean(), "handed back as the worker's fault, not the target's: " + back);
        assertEquals(7, back.get("target").asLong());
        assertTrue(back.get("error").asText().contains("port: 99999 is outside 0..65535"), back.toString());
    }

    @Test
    void worker_calls_carry_the_bearer_token() throws Exception {
        start();
        posted.poll(15, TimeUnit.SECONDS);
        RecordedRequest first = dealer.takeRequest();
        assertEquals("Bearer tok", first.getHeaders().get("Authorization"));
    }

    @Test
    void stop_sends_what_is_pending_before_returning() throws Exception {
        jobsLeft = 5;
        refuseResults = true; // the dealer refuses results until the worker is stopped
        start("/", new RandomGenerator() { // every backoff waits as long as it may: 0.5 s, 1 s, 2 s, 4 s...
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while ((refused.get() < 4 || worker.counters().get("results_waiting") < 5) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(5L, worker.counters().get("results_waiting"), "five results kept while the dealer fails");
        assertTrue(posted.isEmpty(), "nothing was accepted before the stop");
        // the sender now waits 4 s before trying again, longer than the stop's grace to send
        refuseResults = false;
        worker.stop(Duration.ofSeconds(2), Duration.ofSeconds(2));
        Worker stopped = worker;
        worker = null;
        List<JsonNode> sent = new ArrayList<>();
        posted.drainTo(sent); // no waiting: they must be there when stop() returns
        assertEquals(5, sent.stream().mapToInt(b -> b.get("results").size()).sum(), sent.toString());
        assertEquals(5L, stopped.counters().get("results_accepted"));
        assertEquals(0L, stopped.counters().get("results_waiting"));
    }

    @Test
    void a_dealer_url_that_answers_404_stops_the_worker_with_the_base_url_to_give() throws Exception {
        start("/servers");
        String why = worker.gaveUp().get(15, TimeUnit.SECONDS);
        String base = dealer.url("/").toString();
        base = base.substring(0, base.length() - 1);
        assertEquals(base + "/servers answers 404 (not found) to POST /api/work: that is not a dealer's base URL; "
                + "give --dealer " + base, why);
        assertEquals(1, dealer.getRequestCount(), "a 404 is not retried");
        assertEquals(0L, worker.counters().get("jobs_run"));
    }
}
