package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pages answer besides themselves, over real HTTP: error pages for a browser and JSON for the API and
 * programs, the favicon, the /api page, and a nav that opens no raw JSON.
 */
class HtmlAnswersIT {
    /** What Chromium sends when it navigates to a page. */
    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
            + "*/*;q=0.8";

    @TempDir
    Path dir;
    private DealerServer server;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "# allow-private\n127.0.0.1,8080,nas.home\n");
        server = DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0).build(),
                new MemoryStore(), MutableClock.at("2026-11-22T10:00:00Z"));
        http = new Http(server.url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void an_unknown_target_is_a_404_page_to_a_browser_and_json_to_the_api_and_to_programs() throws Exception {
        Http.Answer page = http.get("/targets/9999", BROWSER);
        assertEquals(404, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("<title>404 Not found · Dogdorm</title>"), page.body());
        assertTrue(page.body().contains("<p class=\"error-message\" id=\"error-message\">no target #9999</p>"),
                page.body());
        assertEquals(List.of("/servers", "/imports", "/workers", "/incidents", "/actions", "/heartbeats",
                "/maintenance", "/notifications", "/api"), navLinks(page.body()),
                "the error page has the nav");

        Http.Answer api = http.get("/api/targets/9999/checks", BROWSER);
        assertEquals(404, api.status());
        assertTrue(api.contentType().startsWith("application/json"), api.contentType());
        assertEquals("no target #9999", new ObjectMapper().readTree(api.body()).get("error").asText());

        Http.Answer program = http.get("/targets/9999"); // curl and scripts send no text/html
        assertEquals(404, program.status());
        assertEquals("{\"error\":\"no target #9999\"}", program.body());
    }

    @Test
    void a_browser_gets_pages_for_unknown_addresses_and_bad_parameters() {
        Http.Answer nowhere = http.get("/no-such-page", BROWSER);
        assertEquals(404, nowhere.status());
        assertTrue(nowhere.contentType().startsWith("text/html"), nowhere.contentType());
        assertTrue(nowhere.body().contains("<h1 class=\"target-name\">Not found"), nowhere.body());

        Http.Answer bad = http.get("/servers?rows=-1", BROWSER);
        assertEquals(400, bad.status());
        assertTrue(bad.contentType().startsWith("text/html"), bad.contentType());
        assertTrue(bad.body().contains("rows: -1 is outside 0.."), bad.body());

        Http.Answer hostile = http.get("/servers?kind=%3Cscript%3Ealert(1)%3C/script%3E", BROWSER);
        assertEquals(400, hostile.status());
        assertFalse(hostile.body().contains("<script>alert(1)"), "the message is escaped: " + hostile.body());
        assertTrue(hostile.body().contains("&lt;script&gt;alert(1)"), hostile.body());

        Http.Answer apiUnknown = http.get("/api/nope", BROWSER);
        assertEquals(404, apiUnknown.status());
        assertTrue(apiUnknown.contentType().startsWith("application/json"), apiUnknown.contentType());
    }

    @Test
    void every_page_links_an_svg_favicon_the_dealer_serves() {
        for (String path : List.of("/servers", "/imports", "/workers", "/api")) {
            assertTrue(http.get(path).body().contains(
                    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"), path);
        }
        Http.Answer icon = http.get("/static/favicon.svg");
        assertEquals(200, icon.status());
        assertTrue(icon.contentType().startsWith("image/svg+xml"), icon.contentType());
        assertTrue(icon.body().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), icon.body());
        Http.Answer time = http.get("/static/time.js");
        assertEquals(200, time.status());
        assertTrue(time.contentType().startsWith("application/javascript"), time.contentType());
    }

    @Test
    void the_nav_opens_pages_and_the_api_page_lists_the_routes_and_the_health_in_words() {
        String servers = http.get("/servers").body();
        assertEquals(List.of("/servers", "/imports", "/workers", "/incidents", "/actions", "/heartbeats",
                "/maintenance", "/notifications", "/api"), navLinks(servers),
                "no nav link opens raw JSON");
        assertTrue(servers.contains("<a href=\"/healthz\">/healthz</a> <span class=\"muted\">(JSON, for monitors)"),
                "the footer names /healthz for what it is");

        Http.Answer api = http.get("/api");
        assertEquals(200, api.status());
        assertTrue(api.contentType().startsWith("text/html"), api.contentType());
        for (String route : List.of("/api/targets", "/api/targets/{id}/checks", "/api/best", "/servers.json",
                "/legacy", "/api/imports", "/api/workers", "/api/actions", "/status/down", "/hb/{token}",
                "/api/heartbeats", "/api/maintenance", "/api/maintenance/{id}",
                "/api/notifications", "/api/notifications/{id}/test", "/api/work", "/api/results",
                "/healthz", "/metrics")) {
            assertTrue(api.body().contains(route), route + " on /api");
        }
        assertTrue(api.body().contains("id=\"health-state\">storing works</span>"), api.body());
        assertTrue(api.body().contains("<span class=\"pill\">1 target</span>"), api.body());
    }

    /** The hrefs of the header's nav, in order. */
    static List<String> navLinks(String page) {
        String nav = page.substring(page.indexOf("<nav>"), page.indexOf("</nav>"));
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("href=\"([^\"]+)\"").matcher(nav);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
