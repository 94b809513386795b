package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorAnswerTest {
    static final String CHROMIUM = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void a_browser_gets_html_outside_the_api() {
        assertTrue(ErrorAnswer.wantsHtml("/targets/9999", CHROMIUM));
        assertTrue(ErrorAnswer.wantsHtml("/heartbeats/3", "TEXT/HTML"));
        assertTrue(ErrorAnswer.wantsHtml("/api", CHROMIUM), "/api is the page that describes the API");
    }

    @Test
    void the_api_answers_json_even_to_a_browser() {
        assertFalse(ErrorAnswer.wantsHtml("/api/targets/9999/checks", CHROMIUM));
        assertFalse(ErrorAnswer.wantsHtml("/api/heartbeats", CHROMIUM));
    }

    @Test
    void programs_get_json_everywhere() {
        assertFalse(ErrorAnswer.wantsHtml("/targets/9999", null), "no Accept");
        assertFalse(ErrorAnswer.wantsHtml("/targets/9999", "*/*"), "curl");
        assertFalse(ErrorAnswer.wantsHtml("/servers", "application/json"));
    }
}
