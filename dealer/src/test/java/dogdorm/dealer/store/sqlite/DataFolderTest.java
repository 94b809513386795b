package dogdorm.dealer.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.store.StoreException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder lock, against this process and (through a small child process) against another one. */
class DataFolderTest {
    @TempDir
    Path dir;

    private final long pid = ProcessHandle.current().pid();

    @Test
    void a_second_lock_in_the_same_process_is_refused_naming_the_folder_and_the_pid() throws Exception {
        try (DataFolder first = DataFolder.lock(dir.resolve("data"))) {
            StoreException e = assertThrows(StoreException.class, () -> DataFolder.lock(dir.resolve("data")));
            assertEquals("data folder " + dir.resolve("data") + " is in use by another dealer (pid " + pid
                    + "): only one dealer may use a data folder", e.getMessage());
            assertEquals(dir.resolve("data"), first.path());
        }
    }

    @Test
    void the_same_folder_named_another_way_is_the_same_folder() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("data"));
        try (DataFolder first = DataFolder.lock(dir.resolve("data"))) {
            StoreException e = assertThrows(StoreException.class,
                    () -> DataFolder.lock(dir.resolve("link/../data/.")));
            assertTrue(e.getMessage().contains("in use by another dealer"), e.getMessage());
            e = assertThrows(StoreException.class, () -> DataFolder.lock(dir.resolve("link")));
            assertTrue(e.getMessage().contains("in use by another dealer"), e.getMessage());
        }
    }

    @Test
    void a_refused_second_attempt_leaves_the_lock_held_against_other_processes() throws Exception {
        try (DataFolder first = DataFolder.lock(dir)) {
            assertThrows(StoreException.class, () -> DataFolder.lock(dir));
            assertEquals("held by " + pid, probe(dir.resolve(DataFolder.LOCK_FILE)),
                    "another process finds the folder locked, and by whom");
        }
        assertEquals("locked", probe(dir.resolve(DataFolder.LOCK_FILE)), "released on close");
    }

    @Test
    void the_folder_can_be_locked_again_after_close() throws Exception {
        DataFolder.lock(dir).close();
        try (DataFolder again = DataFolder.lock(dir)) {
            assertEquals(dir, again.path());
        }
        assertEquals("", Files.readString(dir.resolve(DataFolder.LOCK_FILE)), "a released lock names no holder");
    }

    @Test
    void a_lock_file_left_by_a_killed_dealer_does_not_stop_the_next() throws Exception {
        Files.writeString(dir.resolve(DataFolder.LOCK_FILE), "4242\nleft behind\n");
        try (DataFolder taken = DataFolder.lock(dir)) {
            assertEquals("held by " + pid, probe(dir.resolve(DataFolder.LOCK_FILE)), "the old PID is replaced");
        }
    }

    @Test
    void a_folder_that_cannot_be_created_is_named() throws Exception {
        Files.writeString(dir.resolve("plain-file"), "not a folder");
        StoreException e = assertThrows(StoreException.class, () -> DataFolder.lock(dir.resolve("plain-file/data")));
        assertTrue(e.getMessage().startsWith("cannot create data folder " + dir.resolve("plain-file/data")),
                e.getMessage());
    }

    /** Runs {@link Probe} in a new JVM: "locked" if it could lock {@code file}, else "held by" its first line. */
    private static String probe(Path file) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe ends");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Another process trying the lock, as a second dealer would. */
    static final class Probe {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                System.out.println(lock != null ? "locked"
                        : "held by " + List.of(Files.readString(file).split("\n")).get(0));
            }
        }
    }
}
