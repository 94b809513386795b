package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.testkit.DealerProcess;
import dogdorm.dealer.testkit.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One dealer per data folder, with real dealer processes: a second one is refused, a killed one leaves no lock. */
class DataFolderIT {
    @TempDir
    Path dir;
    private final ObjectMapper json = Json.newMapper();

    /** Five targets in TEST-NET-1: nothing answers there, whatever else runs on this host. */
    private String[] options() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append("192.0.2.1,").append(20_000 + i).append('\n');
        }
        Files.writeString(lists.resolve("tcp_v4.csv"), b);
        return new String[] {"--data", dir.resolve("data").toString(), "--lists", lists.toString(), "--flush", "1h",
                "--allow-private"};
    }

    private int targets(Http http) throws Exception {
        return json.readTree(http.get("/api/targets").body()).get("targets").size();
    }

    @Test
    void a_second_dealer_on_the_same_folder_exits_naming_the_folder_and_the_first_dealers_pid() throws Exception {
        String[] options = options();
        try (DealerProcess first = DealerProcess.start(options)) {
            Http http = new Http(first.url());
            assertEquals(5, targets(http));
            DealerProcess.Exited second = DealerProcess.run(options);
            assertEquals(1, second.code(), second.output());
            assertTrue(second.output().contains("dogdorm dealer: data folder " + dir.resolve("data")
                    + " is in use by another dealer (pid " + first.process().pid()
                    + "): only one dealer may use a data folder"), second.output());
            assertFalse(second.output().contains("Dogdorm dealer: http"), "no URL from the second:\n" + second.output());
            assertEquals(200, http.get("/healthz").status(), "the first dealer still answers");
            assertEquals(5, targets(http), "and still has all its targets");
            assertTrue(first.process().isAlive());
        }
    }

    @Test
    void a_dealer_killed_with_sigkill_can_be_started_again_at_once() throws Exception {
        String[] options = options();
        DealerProcess first = DealerProcess.start(options);
        assertEquals(137, first.kill());
        assertTrue(Files.readString(dir.resolve("data/dogdorm.lock")).startsWith(first.process().pid() + "\n"),
                "the lock file still names the killed dealer: only the kernel's lock counts");
        try (DealerProcess again = DealerProcess.start(options)) {
            Http http = new Http(again.url());
            assertEquals(200, http.get("/healthz").status());
            assertEquals(5, targets(http));
        }
    }
}
