package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.table.State;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SVG badges: escaped text, a colour per state and uptime, and room for the text. */
class BadgeTest {
    private static int width(String svg) {
        Matcher m = Pattern.compile("^<svg [^>]*width=\"(\\d+)\"").matcher(svg);
        assertTrue(m.find(), svg);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void text_is_escaped_in_the_title_the_label_and_the_message() {
        String svg = Badge.svg("<a href='x'>&\"", "up", Badge.UP);
        assertFalse(svg.contains("<a href"), svg);
        assertTrue(svg.contains(">&lt;a href=&#39;x&#39;&gt;&amp;&quot;</text>"), svg);
        assertTrue(svg.contains("aria-label=\"&lt;a href=&#39;x&#39;&gt;&amp;&quot;: up\""), svg);
        assertTrue(svg.contains("<title>&lt;a href=&#39;x&#39;&gt;&amp;&quot;: up</title>"), svg);
    }

    @Test
    void state_and_uptime_have_their_colours_and_words() {
        assertTrue(Badge.state("nas", State.UP).contains("fill=\"#15803d\""));
        assertTrue(Badge.state("nas", State.DOWN).contains(">down</text>"));
        assertTrue(Badge.state("nas", State.DOWN).contains("fill=\"#b91c1c\""));
        assertTrue(Badge.state("nas", State.UNKNOWN).contains("fill=\"#6b7280\""));
        assertTrue(Badge.uptime("nas", 99.97, "30d").contains(">99.97% 30d</text>"));
        assertTrue(Badge.uptime("nas", 99.97, "30d").contains("fill=\"#15803d\""));
        assertTrue(Badge.uptime("nas", 50.0, "30d").contains("fill=\"#b91c1c\""));
        assertTrue(Badge.uptime("nas", null, "30d").contains(">no checks 30d</text>"));
    }

    @Test
    void a_long_label_is_cut_and_a_longer_text_makes_a_wider_badge() {
        String svg = Badge.svg("x".repeat(60), "up", Badge.UP);
        assertTrue(svg.contains(">" + "x".repeat(39) + "…</text>"), svg);
        assertTrue(width(Badge.svg("nas.home", "up", Badge.UP)) < width(Badge.svg("nas.home", "unknown", Badge.UP)));
        assertTrue(width(Badge.svg("WWWW", "up", Badge.UP)) > width(Badge.svg("iiii", "up", Badge.UP)));
        assertEquals(width(Badge.svg("\uD83D\uDE00".repeat(60), "up", Badge.UP)),
                width(Badge.svg("\uD83D\uDE00".repeat(45), "up", Badge.UP)), "cut by characters, not halves of one");
    }

    @Test
    void two_badges_inlined_in_one_page_have_ids_of_their_own() {
        Matcher a = Pattern.compile("clipPath id=\"(r\\w+)\"").matcher(Badge.svg("a", "up", Badge.UP));
        Matcher b = Pattern.compile("clipPath id=\"(r\\w+)\"").matcher(Badge.svg("b", "up", Badge.UP));
        assertTrue(a.find() && b.find());
        assertFalse(a.group(1).equals(b.group(1)));
    }
}
