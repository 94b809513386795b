package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The units in systemctl/ pass {@code systemd-analyze verify}, with their paths pointed at a real JDK. */
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
}
