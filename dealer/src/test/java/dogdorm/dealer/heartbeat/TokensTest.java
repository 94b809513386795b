package dogdorm.dealer.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {
    /** A "random" source that repeats each pattern {@code repeat} times: to force collisions. */
    private static SecureRandom repeating(int repeat) {
        return new SecureRandom() {
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) (calls++ / repeat));
            }
        };
    }

    @Test
    void tokens_are_24_characters_of_the_url_safe_alphabet() {
        Tokens tokens = new Tokens(new SecureRandom());
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String t = tokens.next(x -> false);
            assertEquals(Tokens.LENGTH, t.length(), t);
            for (char c : t.toCharArray()) {
                assertTrue(Tokens.ALPHABET.indexOf(c) >= 0, "'" + c + "' in " + t);
                seen.add(c);
            }
            assertTrue(Tokens.plausible(t));
        }
        assertEquals(64, seen.size(), "every character of the alphabet turns up");
    }

    @Test
    void a_token_already_in_use_is_never_given_out_again() {
        Tokens tokens = new Tokens(repeating(2)); // the generator yields each token twice in a row
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            assertTrue(used.add(tokens.next(used::contains)), "a fresh token each time");
        }
    }

    @Test
    void a_generator_that_only_repeats_itself_is_an_error_not_a_duplicate() {
        Tokens tokens = new Tokens(repeating(Integer.MAX_VALUE));
        String first = tokens.next(t -> false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tokens.next(first::equals));
        assertTrue(e.getMessage().contains("no unused token"), e.getMessage());
    }

    @Test
    void tokens_from_the_secure_generator_differ() {
        Tokens tokens = new Tokens(new SecureRandom());
        assertNotEquals(tokens.next(t -> false), tokens.next(t -> false));
    }

    @Test
    void only_token_shaped_path_segments_are_looked_up() {
        assertFalse(Tokens.plausible("short"));
        assertFalse(Tokens.plausible("has/slash/in/it/aaaaaaaaaa"));
        assertFalse(Tokens.plausible("x".repeat(65)));
        assertFalse(Tokens.plausible(null));
        assertTrue(Tokens.plausible("abcdEFGH0123-_xyzABCD"));
    }

    @Test
    void log_lines_show_a_token_prefix_at_most() {
        assertEquals("/hb/AbCd…/fail", Tokens.redactPath("/hb/AbCdEfGhIjKlMnOpQrStUvWx/fail"));
        assertEquals("/hb/AbCd…", Tokens.redactPath("/hb/AbCdEfGhIjKlMnOpQrStUvWx"));
        assertEquals("/api/targets", Tokens.redactPath("/api/targets"));
        assertEquals("AbCd…", Tokens.prefix("AbCdEfGhIjKlMnOpQrStUvWx"));
    }
}
