package dogdorm.dealer.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.Main;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.peers.ChildReaper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keepalive configs at start (a bad one stops the dealer) and while running (changes apply without a restart). */
class KeepaliveIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    private static String site(String droplet, int port, String interval) {
        return "{\"droplet_id\": \"" + droplet + "\", \"host\": \"127.0.0.1\", \"port\": " + port + ", \"interval\": \""
                + interval + "\"}";
    }

    private static String conf(String... sites) {
        return "[{\"token\": \"tok-secret\", \"description\": \"test\", \"sites\": [" + String.join(", ", sites)
                + "]}]";
    }

    private JsonNode targets(Http http) {
        try {
            return json.readTree(http.get("/api/targets").body()).get("targets");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sites_become_targets_with_their_own_intervals_and_edits_apply_without_a_restart() throws Exception {
        Path conf = dir.resolve("dokeepalive.conf");
        Files.writeString(conf, conf(site("1", 2201, "5m")));
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0).allowPrivate(true)
                .keepalive(List.of(conf)).build();
        try (DealerServer server = DealerServer.start(cfg)) {
            Http http = new Http(server.url());
            JsonNode t = targets(http).get(0);
            assertEquals("tcp", t.get("kind").asText());
            assertEquals(2201, t.get("port").asInt());
            assertTrue(t.get("source").asText().startsWith("keepalive:" + conf), t.toString());
            Files.writeString(conf, conf(site("1", 2201, "5m"), site("2", 2202, "1h30m")));
            Eventually.until(Duration.ofSeconds(10), "the new site", () -> targets(http).size() == 2);
            Files.writeString(conf, conf(site("2", 2202, "1h30m")));
            Eventually.until(Duration.ofSeconds(10), "the removed site", () -> targets(http).size() == 1);
            assertEquals(2202, targets(http).get(0).get("port").asInt());
            // a bad edit is reported and the last good config stays
            Files.writeString(conf, "[{\"token\": \"tok-secret\", \"sites\": [" + site("2", 2202, "0s") + "]}]");
            Thread.sleep(6_000);
            assertEquals(1, targets(http).size());
            assertFalse(http.get("/api/targets").body().contains("tok-secret"));
        }
    }

    @Test
    void sites_of_a_config_no_longer_given_are_dropped_at_the_next_start() throws Exception {
        Path conf = dir.resolve("dokeepalive.conf");
        Files.writeString(conf, conf(site("1", 2201, "5m")));
        Files.createDirectories(dir.resolve("lists"));
        Files.writeString(dir.resolve("lists/tcp_v4.csv"), "127.0.0.1,2300\n");
        DealerConfig.Builder cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .allowPrivate(true);
        try (DealerServer first = DealerServer.start(cfg.keepalive(List.of(conf)).build())) {
            assertEquals(2, targets(new Http(first.url())).size());
        }
        try (DealerServer again = DealerServer.start(cfg.keepalive(List.of()).build())) {
            JsonNode left = targets(new Http(again.url()));
            assertEquals(1, left.size(), "only the list's target stays");
            assertEquals(2300, left.get(0).get("port").asInt());
        }
    }

    @Test
    void a_bad_config_stops_start_up_naming_the_file_entry_and_field() throws Exception {
        Path conf = dir.resolve("broken.conf");
        Files.writeString(conf, "[{\"token\": \"tok-secret\", \"sites\": [" + site("7", 2201, "5m") + ", {\"droplet_id\":"
                + " 8, \"host\": \"127.0.0.1\", \"port\": \"eighty\", \"interval\": \"5m\"}]}]");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0).allowPrivate(true)
                .keepalive(List.of(conf)).build();
        KeepaliveConfig.Invalid e = assertThrows(KeepaliveConfig.Invalid.class, () -> DealerServer.start(cfg));
        assertEquals(conf + ": entry 1, site 2: port 'eighty' is not a number", e.getMessage());

        ChildReaper.install();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--data", dir.resolve("data2").toString(), "--lists",
                dir.resolve("lists").toString(), "--keepalive", conf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("dogdorm dealer: " + conf + ": entry 1, site 2: port 'eighty' is not a number"), out);
        assertFalse(out.contains("tok-secret"), out);
    }

    @Test
    void a_missing_config_file_or_folder_stops_start_up_naming_it() throws Exception {
        Path nowhere = dir.resolve("no-such-folder");
        DealerConfig noFolder = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .keepaliveDir(nowhere).build();
        assertEquals("--keepalive-dir " + nowhere + ": no such folder",
                assertThrows(KeepaliveConfig.Invalid.class, () -> DealerServer.start(noFolder)).getMessage());
        Path file = Files.writeString(dir.resolve("a-file"), "");
        DealerConfig fileAsFolder = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .keepaliveDir(file).build();
        assertEquals("--keepalive-dir " + file + ": not a folder",
                assertThrows(KeepaliveConfig.Invalid.class, () -> DealerServer.start(fileAsFolder)).getMessage());
        Path missing = dir.resolve("missing.conf");
        DealerConfig noFile = DealerConfig.builder(dir.resolve("data"), dir.resolve("lists")).port(0)
                .keepalive(List.of(missing)).build();
        assertEquals(missing + ": no such file",
                assertThrows(KeepaliveConfig.Invalid.class, () -> DealerServer.start(noFile)).getMessage());
    }
}
