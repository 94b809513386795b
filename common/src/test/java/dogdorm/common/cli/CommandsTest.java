package dogdorm.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandsTest {

    @Command(name = "demo")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--lanes")
        int lanes = 1;

        @Override
        public Integer call() {
            if (lanes < 1) {
                throw new IllegalArgumentException("--lanes: " + lanes + " is outside 1..100");
            }
            return 0;
        }
    }

    private String err;

    private int run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return Commands.execute("dogdorm demo", new Demo(), args);
        } finally {
            System.setErr(old);
            err = buf.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_failure_at_start_is_one_line_with_the_program_and_exit_1() {
        assertEquals(1, run("--lanes", "0"));
        // (SLF4J may add its own note about having no logger in this module's tests)
        assertEquals("dogdorm demo: --lanes: 0 is outside 1..100", err.lines().findFirst().orElse(""));
        assertFalse(err.contains("at dogdorm"), "no stack trace: " + err);
    }

    @Test
    void a_wrong_option_prints_the_usage_and_exit_2() {
        assertEquals(2, run("--nope"));
        assertTrue(err.contains("Unknown option: '--nope'"), err);
        assertTrue(err.contains("Usage: demo"), err);
        assertEquals(0, run("--lanes", "3"));
    }
}
