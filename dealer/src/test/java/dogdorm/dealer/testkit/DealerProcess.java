package dogdorm.dealer.testkit;

import dogdorm.dealer.Main;
import dogdorm.worker.peers.ChildReaper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dealer in its own process ({@code java dogdorm.dealer.Main ...} on the test's classpath), so a test can SIGTERM
 * or SIGKILL it and read everything it printed.
 */
public final class DealerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Dogdorm dealer: (http://\\S+)/servers");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final String url;

    private DealerProcess(Process process) throws Exception {
        this.process = process;
        List<String> found = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                        synchronized (found) {
                            found.add(m.group(1));
                            found.notifyAll();
                        }
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        synchronized (found) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (found.isEmpty() && System.nanoTime() < end && process.isAlive()) {
                found.wait(200);
            }
        }
        if (found.isEmpty()) {
            process.destroyForcibly();
            throw new AssertionError("the dealer did not print its URL:\n" + output);
        }
        this.url = found.get(0);
    }

    /** Starts {@code dogdorm dealer OPTIONS} (on a free port unless a --port is given) and waits for its URL. */
    public static DealerProcess start(String... options) throws Exception {
        return new DealerProcess(new ProcessBuilder(command(options)).redirectErrorStream(true).start());
    }

    /**
     * As {@link #start}, run by {@code wrapper}: a command that runs the rest of its arguments (the java command),
     * such as {@code unshare} to give the dealer a mount namespace of its own.
     */
    public static DealerProcess startWrapped(List<String> wrapper, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(command(options));
        return new DealerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** How a dealer that stopped by itself ended: its exit code and everything it printed. */
    public record Exited(int code, String output) {}

    /** Runs {@code dogdorm dealer OPTIONS} expecting it to stop by itself (a refused start), within 60 s. */
    public static Exited run(String... options) throws Exception {
        Path log = Files.createTempFile("dogdorm-dealer", ".out");
        Process p = new ProcessBuilder(command(options)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean stopped = p.waitFor(60, TimeUnit.SECONDS);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            if (!stopped) {
                throw new AssertionError("the dealer did not stop by itself:\n" + output);
            }
            return new Exited(p.exitValue(), output);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static List<String> command(String... options) {
        ChildReaper.install();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        if (!List.of(options).contains("--port")) {
            cmd.addAll(List.of("--port", "0"));
        }
        cmd.addAll(List.of(options));
        return cmd;
    }

    public String url() {
        return url;
    }

    public Process process() {
        return process;
    }

    /** Everything the dealer printed so far (its log). */
    public String output() {
        return output.toString();
    }

    /** SIGKILL: no shutdown hook, no final flush. Returns the exit code (137). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("not dead 10 s after SIGKILL");
        }
        return process.exitValue();
    }

    /**
     * Sends SIGTERM and leaves the output open, so what the dealer says while it stops is read too
     * ({@link Process#destroy()} closes the streams).
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** SIGTERM: the dealer flushes and exits. Returns the exit code. */
    public int stop() throws InterruptedException {
        terminate();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("still running 30 s after SIGTERM");
        }
        return process.exitValue();
    }

    /** Stops it (SIGTERM, then SIGKILL if it lingers), unless it has stopped already. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
