package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettledFilesTest {
    private final SettledFiles<String> files = new SettledFiles<>();

    private static Map<String, SettledFiles.Stat> present(Object... nameSize) {
        Map<String, SettledFiles.Stat> m = new LinkedHashMap<>();
        for (int i = 0; i < nameSize.length; i += 2) {
            m.put((String) nameSize[i], new SettledFiles.Stat((Integer) nameSize[i + 1], 1000));
        }
        return m;
    }

    @Test
    void a_new_or_changed_file_is_ready_once_it_looked_the_same_on_two_scans() {
        assertEquals(List.of(), files.scan(present("a", 10), false).ready());
        assertEquals(List.of("a"), files.scan(present("a", 10), false).ready());
        assertEquals(List.of(), files.scan(present("a", 10), false).ready(), "applied once only");
        assertEquals(List.of(), files.scan(present("a", 20), false).ready(), "still being written");
        assertEquals(List.of(), files.scan(present("a", 30), false).ready(), "still being written");
        assertEquals(List.of("a"), files.scan(present("a", 30), false).ready());
    }

    @Test
    void at_once_takes_every_file_in_the_order_given() {
        assertEquals(List.of("b", "a"), files.scan(present("b", 1, "a", 2), true).ready());
        assertEquals(Set.of("a", "b"), files.applied());
    }

    @Test
    void a_removed_file_is_gone_once_and_forgotten_also_while_pending() {
        files.scan(present("a", 10, "b", 5), true);
        files.scan(present("a", 10, "b", 6), false); // b changed: pending
        SettledFiles.Scan<String> scan = files.scan(present(), false);
        assertEquals(List.of(), scan.ready());
        assertEquals(Set.of("a", "b"), Set.copyOf(scan.gone()));
        assertEquals(List.of(), files.scan(present(), false).gone(), "reported once");
        // b comes back as it was while pending: it waits a scan again
        assertEquals(List.of(), files.scan(present("b", 6), false).ready());
        assertEquals(List.of("b"), files.scan(present("b", 6), false).ready());
    }

    @Test
    void stat_reads_regular_files_only(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.csv"), "abc");
        assertEquals(3, SettledFiles.Stat.of(f).size());
        assertNull(SettledFiles.Stat.of(dir));
        assertNull(SettledFiles.Stat.of(dir.resolve("missing.csv")));
    }
}
