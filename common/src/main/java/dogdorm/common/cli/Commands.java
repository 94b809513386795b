package dogdorm.common.cli;

import java.io.PrintWriter;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a command the way both programs do: a wrong option prints the message and the usage (picocli's exit code
 * 2); a failure while starting (a file that cannot be read, a port in use, a bad URL) prints one line, the
 * program's name and the reason, without a stack trace (that goes to the debug log), and exits with 1.
 */
public final class Commands {
    private Commands() {}

    public static int execute(String program, Object command, String... args) {
        return execute(program, command, null, null, args);
    }

    /** The same, printing to {@code out} and {@code err} (null: standard output and error). */
    public static int execute(String program, Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(command);
        if (out != null) cmd.setOut(out);
        if (err != null) cmd.setErr(err);
        cmd.setExecutionExceptionHandler((e, c, parseResult) -> {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            c.getErr().println(program + ": " + why);
            LoggerFactory.getLogger(command.getClass()).debug("start-up failed", e);
            return 1;
        });
        return cmd.execute(args);
    }
}
