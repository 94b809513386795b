package dogdorm.worker.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks that running something many times leaves no file descriptors (sockets, pipes), threads or child
 * processes behind: a few warm-up runs settle one-time allocations (class loading, the JDK's process reaper),
 * then the counts after {@code runs} more must be where they were.
 */
final class Leaks {
    /** Some slack for the JVM's own comings and goings (a GC thread, a JIT compiler thread). */
    static final int FD_SLACK = 4;
    static final int THREAD_SLACK = 3;

    @FunctionalInterface
    interface Run {
        void run() throws Exception;
    }

    private Leaks() {}

    static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static long childProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
    }

    static void assertNoGrowth(int runs, Run run) throws Exception {
        for (int i = 0; i < 3; i++) {
            run.run();
        }
        long fds = openFileDescriptors();
        int threads = liveThreads();
        long children = childProcesses();
        for (int i = 0; i < runs; i++) {
            run.run();
        }
        // threads finish their last instructions just after they say they are done: allow them a moment
        long until = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < until && (liveThreads() > threads + THREAD_SLACK
                || openFileDescriptors() > fds + FD_SLACK || childProcesses() > children)) {
            Thread.sleep(10);
        }
        long fdsAfter = openFileDescriptors();
        int threadsAfter = liveThreads();
        long childrenAfter = childProcesses();
        assertTrue(fdsAfter <= fds + FD_SLACK,
                "file descriptors grew from " + fds + " to " + fdsAfter + " over " + runs + " runs");
        assertTrue(threadsAfter <= threads + THREAD_SLACK,
                "threads grew from " + threads + " to " + threadsAfter + " over " + runs + " runs");
        assertTrue(childrenAfter <= children,
                "child processes grew from " + children + " to " + childrenAfter + " over " + runs + " runs");
    }
}
