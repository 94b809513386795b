package dogdorm.dealer.testkit;

import dogdorm.dealer.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dealer in its own process (the test's classpath, {@code dogdorm.dealer.Main}), so a test can SIGTERM or
 * SIGKILL it and read everything it printed.
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
            throw new AssertionError("the dealer did not start:\n" + output);
        }
        this.url = found.get(0);
    }

    /** Starts {@code dogdorm dealer ARGS} and waits until it prints its URL. */
    public static DealerProcess start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new DealerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    public String url() {
        return url;
    }

    public Process process() {
        return process;
    }

    /** Everything the dealer printed so far. */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
