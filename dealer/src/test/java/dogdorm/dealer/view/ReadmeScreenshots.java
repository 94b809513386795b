package dogdorm.dealer.view;

import dogdorm.dealer.testkit.Browser;
import dogdorm.dealer.testkit.DemoDealer;
import dogdorm.dealer.testkit.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

/**
 * Not a test: the README's screenshots, run by {@code bin/screenshots} (which sets {@code dogdorm.screenshots} to
 * the folder to write, docs/screenshots). A dealer with a week of checks on loopback targets ({@link DemoDealer}),
 * its main pages in headless Chromium at a phone's 400 px and a desktop's 1,400 px, whole pages as PNGs.
 */
class ReadmeScreenshots {
    @TempDir
    Path dir;

    @Test
    @EnabledIfSystemProperty(named = "dogdorm.screenshots", matches = ".+")
    void writes_the_readme_screenshots() throws Exception {
        Path out = Path.of(System.getProperty("dogdorm.screenshots"));
        try (DemoDealer demo = DemoDealer.start(dir, Duration.ofMinutes(30), 7 * 48);
             Browser browser = Browser.start()) {
            Http admin = new Http(demo.url()); // a loopback dealer without an admin password: its pages are open
            created(admin.post("/api/status-pages", "{\"slug\":\"home\",\"title\":\"Home network\","
                    + "\"description\":\"The boxes at home, checked every 30 minutes.\",\"tags\":[\"home\"]}"));
            created(admin.post("/api/maintenance", "{\"name\":\"router firmware\",\"tag\":\"network\","
                    + "\"days\":[\"sun\"],\"time\":\"03:00\",\"duration\":\"1h\",\"tz\":\"Europe/Berlin\"}"));
            created(admin.post("/api/maintenance", "{\"name\":\"disk swap\",\"target\":" + demo.target(DemoDealer.LONG)
                    + ",\"start\":\"2026-11-29T18:00:00Z\",\"end\":\"2026-11-29T20:00:00Z\"}"));
            created(admin.post("/api/notifications", "{\"name\":\"phone\",\"kind\":\"ntfy\","
                    + "\"url\":\"http://127.0.0.1:9/dogdorm-alerts\",\"filter\":{\"tags\":[\"home\"],"
                    + "\"events\":[\"target.*\"]}}"));
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("servers", "/servers");
            pages.put("target", "/targets/" + demo.target(DemoDealer.DOWN));
            pages.put("heartbeats", "/heartbeats");
            pages.put("imports", "/imports");
            pages.put("workers", "/workers");
            pages.put("status-page", "/status-page/home");
            pages.put("incidents", "/incidents");
            pages.put("maintenance", "/maintenance");
            pages.put("notifications", "/notifications");
            WebDriver web = browser.driver();
            for (int width : new int[] {400, 1400}) {
                browser.viewport(width, 900);
                for (var page : pages.entrySet()) {
                    web.get(demo.url() + page.getValue());
                    browser.pageScreenshot(out.resolve(page.getKey() + "-" + width + ".png"), 3200);
                }
            }
            browser.viewport(400, 900);
            browser.colorScheme("dark");
            web.get(demo.url() + "/servers");
            browser.pageScreenshot(out.resolve("servers-400-dark.png"), 3200);
        }
    }

    private static void created(Http.Answer a) {
        if (a.status() != 201) {
            throw new AssertionError("the demo's setup was refused: " + a.status() + " " + a.body());
        }
    }
}
