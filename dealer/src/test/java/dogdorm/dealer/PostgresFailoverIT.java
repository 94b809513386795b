package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.ResultsAnswer;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.ScriptedWorker;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.peers.PostgresServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two dealer processes on one real PostgreSQL: one leads, the other stands by (answering 503). A worker that knows
 * both keeps checking through a {@code kill -9} of the leader: the one standing by leads within 15 s with every
 * target and the checks flushed before the kill, and the checks go on; the old leader, restarted, stands by.
 */
class PostgresFailoverIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    @Test
    void the_dealer_standing_by_leads_within_15_s_of_a_kill_9_and_the_checks_go_on() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String db = pg.database("failover");
            String url = pg.storeUrl("failover");
            Path lists = Files.createDirectories(dir.resolve("lists"));
            keepalive = Files.createDirectories(dir.resolve("keepalive"));
            Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080\n127.0.0.1,8081\n127.0.0.1,8082\n");
            int portB = freePort();
            DealerProcess a = DealerProcess.start(options(url, lists, "a", null));
            CompletableFuture<DealerProcess> standingBy = startLater(options(url, lists, "b", portB));
            DealerClient other = new DealerClient(a.url() + ",http://127.0.0.1:" + portB, null, json);
            try (ScriptedWorker w = new ScriptedWorker(a.url() + ",http://127.0.0.1:" + portB, "w1")) {
                Job held = other.work(new WorkRequest("w2", null, List.of(4), List.of(Kind.TCP), 1, 0)).get(0);
                // two targets checked: one up, one down (an incident); and a heartbeat token made
                int downPort = held.targets().get(0).port() == 8081 ? 8082 : 8081;
                // the down target is also a DO Keepalive site: its failed check is a (dry-run) remediation, audited
                Files.writeString(keepalive.resolve("web.conf"), "[{\"token\": \"do-token\", \"description\": "
                        + "\"web\", \"sites\": [{\"droplet_id\": \"4242\", \"host\": \"127.0.0.1\", \"port\": "
                        + downPort + ", \"interval\": \"10s\"}]}]");
                Eventually.until(Duration.ofSeconds(15), "the keepalive site joins the down target",
                        () -> a.output().contains("web.conf: 1 site(s)"));
                assertEquals(2, w.round(t -> t.port() == downPort ? ScriptedWorker.Verdict.down("connection refused")
                        : ScriptedWorker.Verdict.up(1.0)), "a leads (w2 holds the third target's lease)");
                Http.Answer token = new Http(a.url()).post("/api/heartbeats",
                        "{\"name\":\"nightly backup\",\"interval\":\"1d\"}");
                assertEquals(201, token.status(), token.body());
                JsonNode actions = json.readTree(new Http(a.url()).get("/api/actions").body());
                assertEquals(1, actions.size(), "one audited remediation: " + actions);
                assertEquals("dry-run", actions.get(0).get("final_status").asText(), actions.toString());
                Thread.sleep(2_000); // a flush (--flush 1s) stores the checks
                assertFalse(standingBy.isDone(), "b stands by while a leads");
                Http.Answer waiting = new Http("http://127.0.0.1:" + portB).get("/healthz");
                assertEquals(503, waiting.status(), waiting.body());
                assertTrue(waiting.body().contains("standing by: another dealer leads postgresql://postgres@"),
                        waiting.body());
                assertEquals(a.url(), json.readTree(waiting.body()).get("leader").asText(),
                        "the dealer standing by names the leader: " + waiting.body());
                // and shows a read-only copy of the database: the pages and the read API, every change refused
                Http standby = new Http("http://127.0.0.1:" + portB);
                Eventually.until(Duration.ofSeconds(10), "b's copy has the flushed checks", () -> {
                    Http.Answer copy = standby.get("/api/targets");
                    return copy.status() == 200 && copy.body().contains("\"checks\":1");
                });
                JsonNode copied = json.readTree(standby.get("/api/targets").body()).get("targets");
                assertEquals(3, copied.size(), copied.toString());
                Http.Answer page = standby.get("/servers");
                assertEquals(200, page.status());
                assertTrue(page.body().contains("A read-only copy of the database as of"), page.body());
                assertTrue(page.body().contains("the leading dealer answers at " + a.url()), page.body());
                assertTrue(standby.get("/api/heartbeats").body().contains("nightly backup"), "tokens are shown");
                Http.Answer write = standby.post("/api/heartbeats", "{\"name\":\"lost\",\"interval\":\"1d\"}");
                assertEquals(503, write.status(), write.body());
                assertEquals(a.url(), json.readTree(write.body()).get("leader").asText(), write.body());
                assertEquals(503, standby.post("/api/work", "{}").status(), "the worker API is the leader's");
                assertEquals(503, standby.get("/hb/" + json.readTree(token.body()).get("token").asText()).status(),
                        "a ping goes to the leader (the copy would lose it)");

                long killed = System.nanoTime();
                a.process().destroyForcibly(); // kill -9
                DealerProcess b = standingBy.get(30, TimeUnit.SECONDS);
                double tookOver = (System.nanoTime() - killed) / 1e9;
                assertTrue(tookOver < 15, "b leads " + tookOver + " s after the kill");
                System.out.printf("failover: b served %.1f s after the leader was killed%n", tookOver);

                JsonNode ts = targets(b);
                assertEquals(3, ts.size(), "no target lost: " + ts);
                long heldId = held.targets().get(0).id();
                for (JsonNode t : ts) {
                    assertEquals(t.get("id").asLong() == heldId ? 0 : 1, t.get("checks").asInt(),
                            "the checks flushed before the kill: " + t);
                }
                Http hb = new Http(b.url());
                JsonNode tokens = json.readTree(hb.get("/api/heartbeats").body());
                assertTrue(tokens.toString().contains("nightly backup"), "the heartbeat token: " + tokens);
                JsonNode down = json.readTree(hb.get("/api/targets?state=down").body()).get("targets");
                assertEquals(1, down.size(), down.toString());
                assertEquals(downPort, down.get(0).get("port").asInt());
                JsonNode downChecks = json.readTree(hb.get("/status/down").body());
                assertEquals(1, downChecks.size(), downChecks.toString());
                try (var c = java.sql.DriverManager.getConnection(db, "postgres", null);
                     var rs = c.createStatement().executeQuery("SELECT count(*) FROM incidents WHERE up_at IS NULL")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "its incident, stored by a and open under b");
                }
                assertEquals(actions, json.readTree(hb.get("/api/actions").body()),
                        "the audited remediation, stored by a, is b's too");
                ResultsAnswer late = other.results(new ResultBatch("w2", List.of(ProbeResult.of(held.lease(), heldId,
                        true, 1.0, null, Map.of()))));
                assertEquals("lease from before the dealer restarted", late.results().get(0).reason(),
                        "b knows a's leases (the key is shared through the database), and deals them again");
                int checked = 0;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (checked < 3 && System.nanoTime() < until) { // overdue targets are spread over the interval
                    checked += w.allUp();
                    Thread.sleep(250);
                }
                assertEquals(3, checked, "checks go on through b, which the worker found by itself");
                for (JsonNode t : targets(b)) {
                    assertEquals(t.get("id").asLong() == heldId ? 1 : 2, t.get("checks").asInt(),
                            "counted once each: " + t);
                }

                int portA2 = freePort();
                CompletableFuture<DealerProcess> aAgain = startLater(options(url, lists, "a", portA2));
                Http restarted = new Http("http://127.0.0.1:" + portA2);
                Eventually.until(Duration.ofSeconds(30), "the restarted old leader serves its port", () -> {
                    try {
                        return restarted.get("/healthz").status() == 503;
                    } catch (RuntimeException e) {
                        return false; // its JVM is still starting
                    }
                });
                assertFalse(aAgain.isDone(), "the old leader, restarted, stands by");
                Http.Answer following = restarted.get("/healthz");
                assertEquals(503, following.status(), following.body());
                assertEquals(b.url(), json.readTree(following.body()).get("leader").asText(),
                        "and names the new leader: " + following.body());
                b.process().destroy(); // a clean stop of b hands over at once
                DealerProcess a2 = aAgain.get(30, TimeUnit.SECONDS);
                try {
                    assertEquals(3, targets(a2).size());
                } finally {
                    a2.process().destroy();
                    a2.process().waitFor(30, TimeUnit.SECONDS);
                }
            } finally {
                other.close();
                a.process().destroyForcibly();
                standingBy.thenAccept(d -> d.process().destroyForcibly());
            }
        }
    }

    private Path keepalive;

    private String[] options(String url, Path lists, String name, Integer port) {
        List<String> o = new ArrayList<>(List.of("--store", url, "--data", dir.resolve(name).toString(), "--lists",
                lists.toString(), "--allow-private", "--flush", "1s", "--spread", "1ms", "--interval", "10s",
                "--fail-threshold", "1", "--keepalive-dir", keepalive.toString(), "--dry-run", "--reboot-after", "1"));
        if (port != null) {
            o.addAll(List.of("--standby", "--port", String.valueOf(port)));
        }
        return o.toArray(String[]::new);
    }

    private static CompletableFuture<DealerProcess> startLater(String[] options) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return DealerProcess.start(options);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    private JsonNode targets(DealerProcess d) throws Exception {
        return json.readTree(new Http(d.url()).get("/api/targets").body()).get("targets");
    }
}
