package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * List files as a user names them, and the messy rows of real lists, through a real dealer's folder scan and its
 * pages: several files of one kind, files that look meant as lists but are not, invisible characters, shifted
 * columns, and rows waiting for their first check.
 */
class ListFilesIT {
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();

    @Test
    void freely_named_files_import_and_the_rest_are_shown_with_the_reason() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,22\n");
        Files.writeString(lists.resolve("home_tcp_v4.csv"), "# allow-private\n192.168.1.10,80,nas\n");
        Files.writeString(lists.resolve("work_ping_v4.csv"), "# allow-private\n10.0.0.1\n");
        Files.writeString(lists.resolve("tcp_v4.cvs"), "127.0.0.1,23\n");
        Files.writeString(lists.resolve("tpc_v4.csv"), "127.0.0.1,24\n");
        Files.writeString(lists.resolve("tcp_v4.csv.bak"), "127.0.0.1,25\n");
        Files.writeString(lists.resolve("notes.txt"), "not a list\n");
        Files.writeString(lists.resolve("turn_v4.csv"), "120.26.166.13,3478,qiuqiuqiu,hongqiuyang13157\n"
                + "0,1883,mqtt.eclipseprojects.io\u200b\n"
                + "127.0.0.1,3478\n127.0.0.2,3478\n");
        DealerServer server = closer.keep(DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists)
                .port(0).allowPrivate(true).interval(Duration.ofMinutes(5)).spread(Duration.ofHours(1))
                .listScan(Duration.ofMillis(100)).build()));
        Http http = new Http(server.url());

        Map<String, String> sources = new HashMap<>();
        Eventually.until(Duration.ofSeconds(10), () -> "targets: " + http.get("/api/targets").body(), () -> {
            JsonNode targets = http.json("/api/targets");
            sources.clear();
            for (JsonNode t : targets.get("targets")) {
                sources.put(t.get("source").asText(), t.get("kind").asText());
            }
            return sources.size() == 3;
        });
        assertEquals(Map.of("tcp_v4.csv:1", "tcp", "home_tcp_v4.csv:2", "tcp", "work_ping_v4.csv:2", "ping"), sources);

        JsonNode api = http.json("/api/imports");
        Map<String, JsonNode> files = new HashMap<>();
        for (JsonNode f : api.get("files")) {
            files.put(f.get("file").asText(), f);
        }
        assertEquals("not imported, not a list file: name is not [<name>_]<kind>[_udp|_tcp]_v4.csv or ..._v6.csv "
                + "(e.g. tcp_v4.csv, home_tcp_v4.csv, stun_tcp_v6.csv)", files.get("tcp_v4.cvs").get("error").asText());
        assertTrue(files.get("tpc_v4.csv").get("error").asText().contains("'tpc' is not a kind of list"),
                files.toString());
        assertTrue(files.containsKey("tcp_v4.csv.bak"), files.keySet().toString());
        assertTrue(!files.containsKey("notes.txt"), "a file that is not meant as a list is left alone");
        JsonNode turn = files.get("turn_v4.csv");
        assertEquals(3, turn.get("rows").asInt(), turn.toString());
        String problems = turn.get("problems").toString();
        assertTrue(problems.contains("host 'mqtt.eclipseprojects.io\\\\u200b' is not a valid host name"), problems);
        assertTrue(problems.contains("the columns look shifted one to the left"), problems);
        assertTrue(!problems.contains("hongqiuyang"), "the password is never quoted");
        assertEquals(3, api.get("candidates").size());

        String servers = http.get("/servers").body();
        assertTrue(servers.contains("3 list rows waiting for their first check"), servers);
        assertTrue(servers.contains("tcp_v4.cvs: not imported, not a list file"), servers);
        assertTrue(servers.contains("1 list line imported with a warning"), servers);
        assertTrue(servers.contains("mqtt.eclipseprojects.io\\u200b"), servers);
        String imports = http.get("/imports").body();
        assertTrue(imports.contains("Files not imported") && imports.contains("tpc_v4.csv: not imported"), imports);
        assertTrue(imports.contains("Lines imported with a warning"), imports);

        // the file renamed to what it meant: imported, and no longer reported
        Files.move(lists.resolve("tcp_v4.cvs"), lists.resolve("more_tcp_v4.csv"));
        Eventually.until(Duration.ofSeconds(10), () -> http.get("/api/imports").body(),
                () -> http.get("/api/targets").body().contains("more_tcp_v4.csv:1")
                        && !http.get("/api/imports").body().contains("tcp_v4.cvs"));
    }

    @Test
    void a_bad_byte_a_huge_field_and_fullwidth_digits_skip_only_their_own_lines() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            file.writeBytes(("127.0.0." + (i + 1) + ",80\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        file.writeBytes(new byte[] {'1', '2', '7', '.', '0', '.', '1', '.', '9', '9', ',', '8', '0', ',', 'c', 'a', 'f',
                (byte) 0xE9, '\n'}); // line 51: "café" in Latin-1
        file.writeBytes("127.0.0.100,８０\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // line 52
        file.writeBytes(("127.0.0.101," + "9".repeat(1_000_000) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        file.writeBytes("127.0.0.102,80\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // line 54, good
        Files.write(lists.resolve("tcp_v4.csv"), file.toByteArray());
        DealerServer server = closer.keep(DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists)
                .port(0).allowPrivate(true).interval(Duration.ofMinutes(5)).spread(Duration.ofHours(1))
                .listScan(Duration.ofMillis(100)).build()));
        Http http = new Http(server.url());
        assertEquals(51, http.json("/api/targets").get("count").asInt(), "the 51 good rows of the file");

        JsonNode report = http.json("/api/imports").get("files").get(0);
        assertEquals("tcp_v4.csv", report.get("file").asText());
        assertTrue(report.get("error") == null || report.get("error").isNull(), report.toString());
        Map<Integer, String> skipped = new HashMap<>();
        for (JsonNode p : report.get("problems")) {
            skipped.put(p.get("line").asInt(), p.get("reason").asText());
        }
        assertEquals(Map.of(51, "not UTF-8 text (byte 0xE9 at byte 18 of the line): save the file as UTF-8",
                52, "port '８０' is not a number",
                53, "port '" + "9".repeat(100) + "… (1000000 characters in all)' is not a number"), skipped);
        String page = http.get("/servers").body();
        assertTrue(page.length() < 1_000_000, "the huge field is not copied onto the page: " + page.length());

        // a later edit of the file is applied: the bad lines stay skipped, the new row comes in
        Files.write(lists.resolve("tcp_v4.csv"), concat(file.toByteArray(), "127.0.0.103,80\n".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        Eventually.until(Duration.ofSeconds(10), () -> "count " + http.json("/api/targets").get("count"),
                () -> http.json("/api/targets").get("count").asInt() == 52);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
