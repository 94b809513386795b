package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The units in systemctl/ pass {@code systemd-analyze verify}, with their paths pointed at a real JDK, and
 * {@code systemd-analyze security} rates each 4.0 or lower (the hardening a service of the network wants).
 */
class SystemdUnitsIT {
    @TempDir
    Path dir;

    @Test
    void units_pass_systemd_analyze_verify() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze not installed (Debian package systemd)");
        Path units = Path.of(System.getProperty("user.dir")).getParent().resolve("systemctl");
        Path prefix = dir.resolve("opt/dogdorm");
        Files.createDirectories(prefix.resolve("jdk/bin"));
        Files.createDirectories(prefix.resolve("lib"));
        Files.createSymbolicLink(prefix.resolve("jdk/bin/java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        List<String> cmd = new ArrayList<>(List.of(analyze.toString(), "verify"));
        for (String[] unit : new String[][] {{"dogdorm-dealer.service", "dogdorm-dealer.service"},
                {"dogdorm-worker@.service", "dogdorm-worker@1.service"}}) {
            String text = Files.readString(units.resolve(unit[0])).replace("/opt/dogdorm", prefix.toString());
            Path out = dir.resolve(unit[1]);
            Files.writeString(out, text);
            cmd.add(out.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertEquals("", output.strip(), "systemd-analyze had something to say");
    }

    @Test
    void units_are_rated_4_or_lower_by_systemd_analyze_security() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze not installed (Debian package systemd)");
        String help = run(List.of(analyze.toString(), "--help"));
        Assumptions.assumeTrue(help.contains("--offline"), "this systemd-analyze cannot rate unit files without a "
                + "running systemd (security --offline came with systemd 250)");
        Path units = Path.of(System.getProperty("user.dir")).getParent().resolve("systemctl");
        Pattern overall = Pattern.compile("Overall exposure level for (\\S+): (\\d+\\.\\d)");
        for (String[] unit : new String[][] {{"dogdorm-dealer.service", "dogdorm-dealer.service"},
                {"dogdorm-worker@.service", "dogdorm-worker@1.service"}}) {
            Path copy = dir.resolve(unit[1]);
            Files.copy(units.resolve(unit[0]), copy);
            String output = run(List.of(analyze.toString(), "security", "--offline=true", "--no-pager",
                    copy.toString()));
            Matcher m = overall.matcher(output);
            assertTrue(m.find(), "no overall rating in:\n" + output);
            assertEquals(unit[1], m.group(1));
            double exposure = Double.parseDouble(m.group(2));
            assertTrue(exposure <= 4.0, unit[0] + " is rated " + exposure + ", more exposed than 4.0:\n" + output);
        }
    }

    /** Runs a command to its end; its output (standard output and error together). */
    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
