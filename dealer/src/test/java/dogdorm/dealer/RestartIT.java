package dogdorm.dealer;

import dogdorm.dealer.config.DealerConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.incident.Incident;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.core.TargetRow;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.table.State;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.client.DealerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart, a graceful stop and a SIGKILL of a real dealer process. */
class RestartIT {
    /** Only this test speaks for workers: no other worker on this host (another build's included) takes its jobs. */
    private static final String TOKEN = "restart-it-" + UUID.randomUUID();

    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    /** Targets in TEST-NET-1: nothing answers there, whatever else runs on this host. */
    private Path lists(int n) throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("192.0.2.1,").append(20_000 + i).append('\n');
        }
        Files.writeString(lists.resolve("tcp_v4.csv"), b);
        return lists;
    }

    /** Deals every due job and answers "up" for each, as a worker would. Returns the number of results. */
    private static int checkAll(DealerClient client, String worker) throws Exception {
        int n = 0;
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = client.work(new WorkRequest(worker, null, null, List.of(Kind.TCP), 1000, 0));
            if (jobs.isEmpty()) {
                break;
            }
            List<ProbeResult> results = new ArrayList<>();
            for (Job j : jobs) {
                results.add(ProbeResult.of(j.lease(), j.targets().get(0).id(), true, 2.0, null, Map.of()));
            }
            n += client.results(new ResultBatch(worker, results)).accepted();
        }
        return n;
    }

    @Test
    void a_restarted_dealer_reloads_its_targets_and_stats() throws Exception {
        Path lists = lists(5);
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).allowPrivate(true)
                .spread(Duration.ofMillis(1)).workerToken(TOKEN).build();
        try (DealerServer first = DealerServer.start(cfg)) {
            Thread.sleep(5);
            assertEquals(5, checkAll(new DealerClient(first.url(), TOKEN, json), "w"));
        }
        try (DealerServer second = DealerServer.start(cfg)) {
            JsonNode ts = json.readTree(new Http(second.url()).get("/api/targets").body()).get("targets");
            assertEquals(5, ts.size());
            for (JsonNode t : ts) {
                assertEquals(1, t.get("checks").asInt());
                assertEquals("up", t.get("state").asText());
                assertTrue(t.get("next_check").asText().compareTo(t.get("last_check").asText()) > 0,
                        "the next check keeps its place in the interval");
            }
        }
    }

    @Test
    void sigkill_loses_at_most_one_flush_interval() throws Exception {
        Path lists = lists(50);
        DealerProcess dealer = startDealerProcess(lists, "1s");
        Process p = dealer.process();
        try {
            String url = dealer.url();
            DealerClient client = new DealerClient(url, TOKEN, json);
            Http http = new Http(url);
            Thread.sleep(20);
            assertEquals(50, checkAll(client, "w"));
            // wait for a flush to cover the first round
            Eventually.until(Duration.ofSeconds(10), "a flush after the first round", () -> {
                try {
                    return json.readTree(http.get("/healthz").body()).get("unflushed_changes").asInt() == 0;
                } catch (Exception e) {
                    return false;
                }
            });
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no final flush
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
        } finally {
            p.destroyForcibly();
        }
        try (Store store = new SqliteStore(dir.resolve("data"))) {
            List<TargetRow> rows = store.load().core().targets();
            assertEquals(50, rows.size(), "targets survive");
            for (TargetRow r : rows) {
                assertEquals(1, r.stats().checks, "the flushed round survives for #" + r.id());
            }
        }
    }

    @Test
    void sigterm_flushes_and_exits_zero() throws Exception {
        Path lists = lists(20);
        DealerProcess dealer = startDealerProcess(lists, "1h");
        Process p = dealer.process();
        try {
            String url = dealer.url();
            Thread.sleep(20);
            assertEquals(20, checkAll(new DealerClient(url, TOKEN, json), "w"));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
        try (Store store = new SqliteStore(dir.resolve("data"))) {
            for (TargetRow r : store.load().core().targets()) {
                assertEquals(1, r.stats().checks, "flushed on SIGTERM though --flush is an hour");
            }
        }
    }

    @Test
    void an_incident_is_stored_soon_with_its_state_and_survives_sigkill() throws Exception {
        Path lists = lists(1);
        DealerProcess dealer = startDealerProcess(lists, "1h", "--fail-threshold", "1", "--interval", "2s");
        Process p = dealer.process();
        long target;
        try {
            String url = dealer.url();
            DealerClient client = new DealerClient(url, TOKEN, json);
            Thread.sleep(20);
            // 1, or more if a slow first answer came after the next check was already due: all "up" either way
            assertTrue(checkAll(client, "w") >= 1);
            // the next check fails: with a fail threshold of 1 the incident opens at once
            Eventually.until(Duration.ofSeconds(10), "due again", () -> {
                try {
                    List<Job> jobs = client.work(new WorkRequest("w", null, null, List.of(Kind.TCP), 1, 1000));
                    if (jobs.isEmpty()) return false;
                    client.results(new ResultBatch("w", List.of(ProbeResult.of(jobs.get(0).lease(),
                            jobs.get(0).targets().get(0).id(), false, null, "connection refused", Map.of()))));
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            target = json.readTree(new Http(url).get("/api/targets").body()).get("targets").get(0).get("id").asLong();
            // no periodic flush runs (--flush 1h): a state change is stored soon after it happens, with its incident
            Http http = new Http(url);
            Eventually.until(Duration.ofSeconds(10), "the outage stored", () -> {
                try {
                    return json.readTree(http.get("/healthz").body()).get("unflushed_changes").asInt() == 0;
                } catch (Exception e) {
                    return false;
                }
            });
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        try (Store store = new SqliteStore(dir.resolve("data"))) {
            List<Incident> open = store.openIncidents();
            assertEquals(1, open.size(), () -> "the incident was stored, once: " + open
                    + "; the dealer said:\n" + dealer.output());
            assertEquals(target, open.get(0).targetId());
            assertEquals("w", open.get(0).worker());
            assertEquals("connection refused", open.get(0).description());
            List<TargetRow> rows = store.load().core().targets();
            assertEquals(List.of(target), rows.stream().map(TargetRow::id).toList());
            assertEquals(State.DOWN, rows.get(0).stats().state, "stored with the state that opened it");
        }
    }

    @Test
    void a_final_flush_that_fails_exits_one_saying_what_was_not_stored() throws Exception {
        Path lists = lists(3);
        DealerProcess dealer = startDealerProcess(lists, "1h", "--interval", "2s");
        Process p = dealer.process();
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/dogdorm.db"));
             Statement st = holder.createStatement()) {
            Thread.sleep(20);
            // the first flush (the new targets) is stored soon after their first checks change their state
            assertEquals(3, checkAll(new DealerClient(dealer.url(), TOKEN, json), "w"));
            Http http = new Http(dealer.url());
            Eventually.until(Duration.ofSeconds(10), "the first checks stored", () -> {
                try {
                    return json.readTree(http.get("/healthz").body()).get("unflushed_changes").asInt() == 0;
                } catch (Exception e) {
                    return false;
                }
            });
            st.execute("PRAGMA busy_timeout = 0");
            st.execute("BEGIN EXCLUSIVE");
            Thread.sleep(2_100);
            // checked again, still up: no state changed, so nothing asks for a flush before the stop
            assertEquals(3, checkAll(new DealerClient(dealer.url(), TOKEN, json), "w"));
            dealer.terminate(); // SIGTERM while another connection holds the database
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            st.execute("ROLLBACK");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(1, p.exitValue(), "a final flush that failed lost changes: the service manager hears it");
        for (int i = 0; i < 50 && !dealer.output().contains("not stored:"); i++) {
            Thread.sleep(100); // the dealer's last lines may still be on their way
        }
        String out = dealer.output();
        assertTrue(out.contains("final flush failed"), out);
        assertTrue(out.contains("the database is locked by another connection"), out);
        assertTrue(out.contains("not stored: {core="), out);
    }

    private DealerProcess startDealerProcess(Path lists, String flush, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data", dir.resolve("data").toString(),
                "--lists", lists.toString(), "--allow-private", "--flush", flush, "--spread", "1ms", "--worker-token", TOKEN));
        args.addAll(List.of(more));
        return DealerProcess.start(args.toArray(String[]::new));
    }
}
