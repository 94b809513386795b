package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.DealerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty worker token stops the dealer at start, saying so: taken, it locked out every worker (one with an empty
 * token sends no {@code Authorization} header).
 */
class EmptyWorkerTokenIT {
    @TempDir
    Path dir;

    private DealerProcess.Exited start(String... more) throws Exception {
        String[] options = new String[more.length + 4];
        options[0] = "--data";
        options[1] = dir.resolve("data").toString();
        options[2] = "--lists";
        options[3] = Files.createDirectories(dir.resolve("lists")).toString();
        System.arraycopy(more, 0, options, 4, more.length);
        return DealerProcess.run(options);
    }

    @Test
    void an_empty_worker_token_or_a_blank_token_file_is_refused_at_start_with_a_message() throws Exception {
        DealerProcess.Exited empty = start("--worker-token", "");
        assertEquals(2, empty.code(), empty.output());
        assertTrue(empty.output().contains("--worker-token is empty: give the secret, or leave the option out"),
                empty.output());
        assertFalse(empty.output().contains("Dogdorm dealer: http"), "never served:\n" + empty.output());
        assertFalse(Files.exists(dir.resolve("data")), "no data folder made");

        Path blank = Files.writeString(dir.resolve("token"), "  \n");
        DealerProcess.Exited file = start("--worker-token-file", blank.toString());
        assertEquals(2, file.code(), file.output());
        assertTrue(file.output().contains("--worker-token-file: " + blank + " is empty"), file.output());
        assertFalse(Files.exists(dir.resolve("data")), "no data folder made");
    }
}
