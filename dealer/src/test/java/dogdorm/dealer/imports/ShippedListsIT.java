package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lists shipped in {@code server_lists/} import into a fresh dealer, as they are, without a warning: every line
 * a row, no line skipped or imported with a warning, no file refused. (No worker runs: nothing is probed or
 * resolved, so nothing leaves the machine.)
 */
class ShippedListsIT {
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();

    @Test
    void every_shipped_list_imports_into_a_fresh_dealer_without_a_warning() throws Exception {
        Path shipped = Path.of(System.getProperty("user.dir")).getParent().resolve("server_lists");
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Map<String, Integer> rowsInFile = new TreeMap<>();
        try (Stream<Path> files = Files.list(shipped)) {
            for (Path f : files.sorted().toList()) {
                Files.copy(f, lists.resolve(f.getFileName()));
                long rows = Files.readAllLines(f).stream().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
                rowsInFile.put(f.getFileName().toString(), (int) rows);
            }
        }
        assertTrue(rowsInFile.size() >= 9, "the shipped lists: " + rowsInFile.keySet());

        DealerServer server = closer.keep(DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists)
                .port(0).build()));
        Http http = new Http(server.url());

        JsonNode files = http.json("/api/imports").get("files");
        Map<String, Integer> imported = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode f : files) {
            String name = f.get("file").asText();
            imported.put(name, f.get("rows").asInt());
            if (!f.path("error").isNull() && !f.path("error").isMissingNode()) {
                problems.add(name + ": " + f.get("error").asText());
            }
            for (JsonNode p : f.path("problems")) {
                problems.add(name + ": " + p);
            }
        }
        assertEquals(List.of(), problems, "warnings on a fresh start");
        assertEquals(rowsInFile, imported, "every line of every shipped list is a row");
        ListWatcher.Problems seen = server.lists().problems();
        assertEquals(List.of(), seen.skipped());
        assertEquals(List.of(), seen.warnings());
        assertEquals(List.of(), seen.files());
        String page = http.get("/servers").body();
        assertTrue(!page.contains("class=\"problems\""), "the /servers page reports no problem with the lists");
    }
}
