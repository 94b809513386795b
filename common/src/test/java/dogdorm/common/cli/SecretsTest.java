package dogdorm.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("TOKEN", " from-env \n", "BLANK", "  ");

    @Test
    void the_value_wins_then_the_file_then_the_environment() throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "  from-file\n");
        assertEquals("given", Secrets.resolve("given", file, "--token-file", env::get, "TOKEN"));
        assertEquals("from-file", Secrets.resolve(null, file, "--token-file", env::get, "TOKEN"));
        assertEquals("from-env", Secrets.resolve(null, null, "--token-file", env::get, "TOKEN"));
    }

    @Test
    void nothing_given_or_a_blank_variable_is_no_secret() throws Exception {
        assertNull(Secrets.resolve(null, null, "--token-file", env::get, "UNSET"));
        assertNull(Secrets.resolve(null, null, "--token-file", env::get, "BLANK"));
        assertNull(Secrets.resolve(null, null, "--password-file", env::get, null));
    }

    @Test
    void an_empty_file_is_refused_by_option_and_path_without_content() throws Exception {
        Path file = Files.writeString(dir.resolve("empty"), " \n\t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Secrets.resolve(null, file, "--worker-token-file", env::get, "TOKEN"));
        assertEquals("--worker-token-file: " + file + " is empty", e.getMessage());
        assertFalse(e.getMessage().contains("from-env"));
    }

    @Test
    void an_empty_value_is_refused_by_option_and_a_value_is_stripped() {
        for (String empty : new String[] {"", "  ", "\t\n"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Secrets.resolve(empty, null, "--worker-token-file", env::get, "TOKEN"));
            assertEquals("--worker-token is empty: give the secret, or leave the option out", e.getMessage());
        }
        assertEquals("s3cret", Secrets.resolve(" s3cret\n", null, "--token-file", env::get, "TOKEN"));
    }

    @Test
    void a_missing_file_or_a_folder_is_refused_by_option_and_path() {
        Path missing = dir.resolve("nope");
        assertEquals("--token-file: " + missing + ": no such file", assertThrows(IllegalArgumentException.class,
                () -> Secrets.resolve(null, missing, "--token-file", env::get, "TOKEN")).getMessage());
        assertEquals("--token-file: cannot read " + dir + ": IOException", assertThrows(
                IllegalArgumentException.class, () -> Secrets.resolve(null, dir, "--token-file", env::get, "TOKEN"))
                .getMessage());
    }
}
