package dogdorm.common.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where a secret (a worker token, an admin password) comes from on the command line: the option's own value, else
 * a file named by a second option (so the secret stays out of {@code ps}), else an environment variable. The
 * secret itself never appears in an error message.
 */
public final class Secrets {
    private Secrets() {}

    /**
     * The secret, or null when none was given.
     *
     * @param value      the option's value, or null; it is stripped, and an empty one is refused (an empty token
     *                   would let a client in that sends an empty one, and lock out every other)
     * @param file       the file option's value, or null; its content is stripped, and an empty file is refused
     * @param fileOption the file option's name, for the error message; the value's option is its name without
     *                   {@code -file} ({@code --worker-token-file}: {@code --worker-token})
     * @param env        how to read an environment variable (tests pass their own)
     * @param variable   the environment variable to fall back to, or null for none; a blank one counts as unset
     * @throws IllegalArgumentException when the value is empty, or the file is missing, unreadable or empty (the
     *                                  message names the option and the path, never the content)
     */
    public static String resolve(String value, Path file, String fileOption, UnaryOperator<String> env,
                                 String variable) {
        if (value != null) {
            if (value.isBlank()) {
                String option = fileOption.endsWith("-file")
                        ? fileOption.substring(0, fileOption.length() - "-file".length()) : "the secret";
                throw new IllegalArgumentException(option + " is empty: give the secret, or leave the option out");
            }
            return value.strip();
        }
        if (file != null) {
            String s;
            try {
                s = Files.readString(file).strip();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(fileOption + ": " + file + ": no such file");
            } catch (AccessDeniedException e) {
                throw new IllegalArgumentException(fileOption + ": " + file + ": permission denied");
            } catch (IOException e) {
                throw new IllegalArgumentException(fileOption + ": cannot read " + file + ": "
                        + e.getClass().getSimpleName());
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException(fileOption + ": " + file + " is empty");
            }
            return s;
        }
        String fromEnv = variable == null ? null : env.apply(variable);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }
}
