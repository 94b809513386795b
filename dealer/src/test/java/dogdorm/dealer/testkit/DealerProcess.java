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

/** A real dealer process ({@code java dogdorm.dealer.Main ...}), its URL and everything it printed. */
public final class DealerProcess implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("Dogdorm dealer: (http://\\S+)/servers");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final String url;

    private DealerProcess(Process process) throws Exception {
        this.process = process;
        this.url = readUrl();
    }

    /** Starts a dealer on a free port with these options (plus {@code --port 0}) and waits for its URL. */
    public static DealerProcess start(String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--port", "0"));
        cmd.addAll(List.of(options));
        return new DealerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    public String url() {
        return url;
    }

    /** SIGKILL: no shutdown hook, no final flush. Returns the exit code (137). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("not dead 10 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM: the dealer flushes and exits. Returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("still running 30 s after SIGTERM");
        }
        return process.exitValue();
    }

    /** Everything the process printed so far (its log). */
    public String output() {
        return output.toString();
    }

    private String readUrl() throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < end && (line = r.readLine()) != null) {
            output.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        String l;
                        while ((l = r.readLine()) != null) {
                            output.append(l).append('\n');
                        }
                    } catch (Exception ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("dealer did not print its URL:\n" + output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
