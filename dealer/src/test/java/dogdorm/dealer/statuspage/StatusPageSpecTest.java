package dogdorm.dealer.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a status page may be set to, and the messages that name the field that is wrong. */
class StatusPageSpecTest {
    private static String refused(String slug, String title, List<Long> targets, List<String> lists) {
        return assertThrows(IllegalArgumentException.class,
                () -> new StatusPageSpec(slug, title, null, targets, lists)).getMessage();
    }

    @Test
    void a_slug_is_lowercase_letters_digits_and_single_dashes() {
        assertEquals("home-network-2", new StatusPageSpec(" home-network-2 ", "t", null, List.of(1L), null).slug());
        for (String bad : List.of("Home", "home network", "-home", "home-", "home--net", "hôme", "home_net", "a/b")) {
            assertTrue(refused(bad, "t", List.of(1L), null).startsWith("slug: '" + bad.strip()
                    + "' is not lowercase letters, digits and dashes"), bad);
            assertFalse(StatusPageSpec.plausible(bad), bad);
        }
        assertEquals("slug: missing or blank (e.g. home-network)", refused(" ", "t", List.of(1L), null));
        assertEquals("slug: longer than 64 characters", refused("a".repeat(65), "t", List.of(1L), null));
        assertTrue(StatusPageSpec.plausible("a".repeat(64)));
    }

    @Test
    void it_shows_targets_by_id_and_every_target_of_its_lists() {
        StatusPageSpec s = new StatusPageSpec("home", " Home ", "  ", List.of(7L, 3L, 7L),
                List.of("home_ping_v4.csv", " home_ping_v4.csv"));
        assertEquals("Home", s.title());
        assertEquals("", s.description());
        assertEquals(List.of(7L, 3L), s.targets(), "in the order given, once each");
        assertEquals(List.of("home_ping_v4.csv"), s.lists());
        assertTrue(s.shows(3, "tcp_v4.csv", List.of()));
        assertTrue(s.shows(99, "home_ping_v4.csv", List.of()));
        assertFalse(s.shows(99, "tcp_v4.csv", List.of("home")));
        assertFalse(s.shows(99, null, List.of()));
    }

    @Test
    void each_refusal_names_its_field() {
        assertEquals("title: missing or blank", refused("home", " ", List.of(1L), null));
        assertEquals("title: longer than 100 characters", refused("home", "t".repeat(101), List.of(1L), null));
        assertEquals("description: longer than 1000 characters", assertThrows(IllegalArgumentException.class,
                () -> new StatusPageSpec("home", "t", "d".repeat(1001), List.of(1L), null)).getMessage());
        assertTrue(refused("home", "t", List.of(), List.of()).startsWith("targets, lists, tags: all empty"));
        assertEquals("targets[1]: missing", refused("home", "t", Arrays.asList(1L, null), null));
        assertEquals("targets[0]: 0 is not a target id", refused("home", "t", List.of(0L), null));
        assertEquals("lists[0]: missing or blank (a list file, e.g. home_ping_v4.csv)",
                refused("home", "t", null, List.of(" ")));
        assertEquals("lists[0]: has a control character", refused("home", "t", null, List.of("a\u0000b")));
        assertEquals("lists[0]: longer than 255 characters", refused("home", "t", null, List.of("l".repeat(256))));
        List<Long> many = new ArrayList<>();
        for (long i = 1; i <= 1001; i++) {
            many.add(i);
        }
        assertEquals("targets: more than 1000 ids", refused("home", "t", many, null));
    }
}
