package dogdorm.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's wrk, run in its own process so the JVM under test does only its own work. One run is {@code seconds}
 * long against {@code url}, optionally shaped by a Lua script; what comes back is wrk's requests per second and
 * what it printed.
 */
final class Wrk {
    static final Path BINARY = Path.of("/usr/bin/wrk");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

    /** What one run printed, and its rate. */
    record Run(double requestsPerSecond, String output) {
        /** Whether wrk counted answers other than 2xx/3xx or socket errors. */
        boolean sawErrors() {
            return output.contains("Non-2xx") || output.contains("Socket errors");
        }

        /** This run, or an exception carrying wrk's output when it saw errors. */
        Run clean() {
            if (sawErrors()) {
                throw new IllegalStateException("wrk saw errors: " + output);
            }
            return this;
        }
    }

    private Wrk() {}

    static boolean present() {
        return Files.isExecutable(BINARY);
    }

    /** One run; {@code script} may be null. The open-files limit is raised first for many connections. */
    static Run run(int threads, int connections, int seconds, Path script, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "10s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process p = new ProcessBuilder(withShell(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = RATE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        return new Run(Double.parseDouble(m.group(1)), out);
    }

    /** The command run by bash after raising the open-files limit (wrk opens one socket per connection). */
    private static List<String> withShell(List<String> command) {
        List<String> all = new ArrayList<>(List.of("bash", "-c", "ulimit -n 65536 2>/dev/null; exec \"$@\"", "wrk"));
        all.addAll(command);
        return all;
    }
}
