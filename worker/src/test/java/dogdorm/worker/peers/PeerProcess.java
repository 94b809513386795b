package dogdorm.worker.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real server process started for a test: output goes to a log file in its work directory; {@link #close()}
 * stops exactly this process (and its children).
 */
public final class PeerProcess implements AutoCloseable {
    /** Answers whether the server is ready to serve. */
    @FunctionalInterface
    public interface Ready {
        boolean check() throws Exception;
    }

    private final String name;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir} and waits until {@code ready} says yes (or fails with the log). */
    public static PeerProcess start(String name, List<String> command, Path dir, Duration timeout, Ready ready)
            throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".out");
        ChildReaper.install();
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PeerProcess peer = new PeerProcess(name, p, log);
        long until = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + " at start: " + peer.logTail());
            }
            try {
                if (ready.check()) {
                    return peer;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(20);
        }
        peer.close();
        throw new IOException(name + " did not become ready within " + timeout.toMillis() + " ms"
                + (last != null ? " (" + last + ")" : "") + ": " + peer.logTail());
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
