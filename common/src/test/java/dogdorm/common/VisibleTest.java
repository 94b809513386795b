package dogdorm.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class VisibleTest {
    @Test
    void invisible_characters_are_escaped_and_visible_ones_kept() {
        assertEquals("host 'mqtt.eclipseprojects.io\\u200b'", Visible.of("host 'mqtt.eclipseprojects.io\u200b'", 100));
        assertEquals("a\\u0000b\\u001b[31mc\\u2028d\\u00a0e", Visible.of("a\u0000b\u001b[31mc\u2028d\u00a0e", 100));
        assertEquals("müller 東京 😀 x y", Visible.of("müller 東京 😀 x y", 100));
        assertEquals("\\ufeffx\\ud800", Visible.of("\ufeffx\ud800", 100));
        assertEquals("\\u{e0041}", Visible.of(new String(Character.toChars(0xE0041)), 100), "a tag character");
        assertNull(Visible.of(null, 10));
    }

    @Test
    void a_long_text_is_cut_with_its_length() {
        String big = "x".repeat(1_000_000);
        assertEquals("xxxxx… (1000000 characters in all)", Visible.of(big, 5));
        assertEquals("xxxxx", Visible.of("xxxxx", 5));
    }
}
