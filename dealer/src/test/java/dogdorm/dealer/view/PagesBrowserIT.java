package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.Browser;
import dogdorm.dealer.testkit.DemoDealer;
import dogdorm.dealer.testkit.Web;
import dogdorm.dealer.testkit.Http;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.dealer.testkit.ScriptedWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages in a real headless Chromium: no console errors, filters and search work, every page fits a phone, a
 * tablet and a desktop with every nav link in sight, screenshots taken.
 */
class PagesBrowserIT {
    /** A phone, a tablet, a desktop. */
    static final int[] WIDTHS = {360, 768, 1400};
    static final List<String> NAV = List.of("Servers", "Imports", "Workers", "Incidents", "Actions", "Heartbeats",
            "Maintenance", "Notifications", "API");

    @TempDir
    Path dir;

    @Test
    void every_page_fits_a_phone_a_tablet_and_a_desktop_with_every_nav_link_in_sight() throws Exception {
        try (DemoDealer demo = DemoDealer.start(dir, Duration.ofMinutes(10), 12);
             Browser browser = Browser.start()) {
            WebDriver web = browser.driver();
            String base = demo.url();
            long down = demo.target(DemoDealer.DOWN);
            Http.Answer added = new Http(base).post("/api/targets", "{\"kind\":\"mqtt\",\"host\":\"mqtt.home\","
                    + "\"port\":1883,\"user\":\"probe\",\"options\":{\"version\":\"5\"}}");
            assertEquals(201, added.status(), added.body());
            String ui = "/targets/" + demo.dealer().reads().lowestId(s -> "mqtt.home".equals(s.host())).orElseThrow();
            // the long-named target in maintenance now, and a weekly window to come
            java.time.Instant now = demo.clock().instant();
            Web admin = new Web(base);
            assertEquals(201, admin.json("POST", "/api/maintenance", "{\"name\":\"disk swap in the basement\","
                    + "\"target\":" + demo.target(DemoDealer.LONG) + ",\"start\":\"" + now + "\",\"end\":\""
                    + now.plus(Duration.ofHours(2)) + "\"}").status());
            assertEquals(201, admin.json("POST", "/api/maintenance", "{\"target\":" + down + ",\"days\":[\"sat\","
                    + "\"sun\"],\"time\":\"02:00\",\"duration\":\"3h\",\"tz\":\"America/Argentina/Buenos_Aires\"}")
                    .status());
            List<String> pages = List.of("/servers", "/servers?family=6", "/targets/" + down,
                    "/targets/" + demo.target(DemoDealer.LONG), "/imports", "/workers", "/heartbeats",
                    "/heartbeats/" + demo.token("hourly sync").id(), "/maintenance", "/notifications", "/api", "/targets/9999",
                    "/no-such-page", "/targets/new", ui, ui + "/edit");
            for (int width : WIDTHS) {
                browser.viewport(width, 800);
                for (String page : pages) {
                    web.get(base + page);
                    String where = page + " at " + width + " px";
                    assertFits(browser, where);
                    assertNavInSight(browser, where);
                    // the browser logs an error page's own 404 as an error: that one is meant
                    boolean missing = page.equals("/targets/9999") || page.equals("/no-such-page");
                    assertEquals(List.of(), browser.consoleErrors().stream()
                            .filter(e -> !(missing && e.contains("status of 404"))).toList(), where);
                    if (missing) {
                        assertEquals("404 Not found · Dogdorm", web.getTitle(), where);
                    }
                }
                // the ranking: cards on a phone or tablet with the state on screen, a table on a desktop
                web.get(base + "/servers");
                WebElement row = web.findElement(By.cssSelector("tr[data-id='" + down + "']"));
                assertInSight(browser, row.findElement(By.cssSelector(".badge")), "state badge at " + width + " px");
                assertEquals(width > 900, web.findElement(By.cssSelector("table.ranked thead")).isDisplayed(),
                        "column heads at " + width + " px");
                // every heartbeat card's Copy button is on screen
                web.get(base + "/heartbeats");
                for (WebElement copy : web.findElements(By.cssSelector("article.hb-card button.copy"))) {
                    assertInSight(browser, copy, "a Copy button at " + width + " px");
                }
                browser.screenshot("heartbeats-" + width);
                // the maintenance windows: the open one first, its delete button on screen
                web.get(base + "/maintenance");
                List<WebElement> windows = web.findElements(By.cssSelector("#maintenance-windows tbody tr"));
                assertEquals(List.of("active", "upcoming"), windows.stream().map(r -> r.getAttribute("data-state"))
                        .toList(), "at " + width + " px");
                assertInSight(browser, web.findElement(By.id("mw-create")), "the Add button at " + width + " px");
                browser.screenshot("maintenance-" + width);
            }
        }
    }

    @Test
    void times_read_relative_to_the_dealers_clock_with_the_utc_time_on_hover() throws Exception {
        try (DemoDealer demo = DemoDealer.start(dir, Duration.ofMinutes(10), 12);
             Browser browser = Browser.start()) {
            WebDriver web = browser.driver();
            // the dealer's clock is weeks away from the browser's: the words count from the dealer's
            String served = new Http(demo.url()).get("/servers").body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "id=\"open-incidents\".*?<time class=\"rel\" datetime=\"([^\"]+)\" title=\"([^\"]+)\">([^<]+)</time>",
                    java.util.regex.Pattern.DOTALL).matcher(served);
            assertTrue(m.find(), served);
            assertEquals("2026-11-22 11:30:00 UTC", m.group(2), "the exact time without JavaScript");
            assertEquals("30 min ago", m.group(3), "the words without JavaScript");
            web.get(demo.url() + "/servers");
            WebElement since = web.findElement(By.cssSelector("#open-incidents time.rel"));
            assertEquals("2026-11-22T11:30:00Z", since.getAttribute("datetime"));
            new WebDriverWait(web, Duration.ofSeconds(5)).until(d -> since.getAttribute("title").contains("your time"));
            assertTrue(since.getAttribute("title").startsWith("2026-11-22 11:30:00 UTC · "), since.getAttribute("title"));
            assertEquals("30 min ago", since.getText());

            // a target two hours old: its 7-day chart shows the last 24 hours, bars one can see, and says so
            web.get(demo.url() + "/targets/" + demo.target("nas.home"));
            assertEquals("Last 24 hours", web.findElement(By.xpath("//div[@id='chart-week']/preceding-sibling::h2[1]"))
                    .getText());
            assertTrue(web.findElement(By.id("week-collecting")).getText().startsWith("Collecting data since 2 h ago"),
                    web.findElement(By.id("week-collecting")).getText());
            for (WebElement bar : web.findElements(By.cssSelector("#chart-week rect.bar"))) {
                assertTrue(Double.parseDouble(bar.getAttribute("width")) > 20, "a bar an hour wide of 24");
            }
            assertEquals(List.of(), browser.consoleErrors());

            // the heartbeat that fired is the first card; the pending STUN rows are listed on /servers
            web.get(demo.url() + "/heartbeats");
            assertEquals(String.valueOf(demo.token("hourly sync").id()),
                    web.findElements(By.cssSelector("article.hb-card")).get(0).getAttribute("data-id"));
            web.get(demo.url() + "/servers");
            String pending = web.findElement(By.id("pending")).getText();
            assertTrue(pending.contains("stun.home") && pending.contains("stun2.home"), pending);

            // dark: the system's setting is followed
            browser.colorScheme("dark");
            web.get(demo.url() + "/servers");
            assertEquals("rgb(11, 15, 23)", browser.script("return getComputedStyle(document.body).backgroundColor;"));
            browser.colorScheme("light");
        }
    }

    /** The page is no wider than the window: nothing to scroll sideways. */
    static void assertFits(Browser browser, String where) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) browser.script("""
                var d = document.documentElement;
                var wide = Array.from(document.querySelectorAll('body *')).filter(function (e) {
                  return e.getBoundingClientRect().right > d.clientWidth + 0.5
                      && !e.parentElement.closest('.table-scroll, .chart-box');
                }).slice(0, 5).map(function (e) { return e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right; });
                return {scroll: d.scrollWidth, client: d.clientWidth, inner: window.innerWidth, wide: wide.join(', ')};
                """);
        long scroll = (Long) m.get("scroll");
        long inner = (Long) m.get("inner");
        long client = (Long) m.get("client");
        assertTrue(scroll <= inner && scroll <= client, where + ": the page is " + scroll + " px wide in a window of "
                + inner + " (" + client + " without the scroll bar); too wide: " + m.get("wide"));
    }

    /** Every link of the nav is shown, inside the window. */
    static void assertNavInSight(Browser browser, String where) {
        List<WebElement> links = browser.driver().findElements(By.cssSelector("header nav a"));
        assertEquals(NAV, links.stream().map(a -> a.getText().split(" ")[0]).toList(), where);
        for (WebElement a : links) {
            assertInSight(browser, a, where + ": nav link " + a.getText());
        }
    }

    static void assertInSight(Browser browser, WebElement e, String what) {
        assertTrue(e.isDisplayed(), what + " is hidden");
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) browser.script("""
                var r = arguments[0].getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                        width: document.documentElement.clientWidth, height: window.innerHeight};
                """, e);
        double left = ((Number) r.get("left")).doubleValue(), right = ((Number) r.get("right")).doubleValue();
        double top = ((Number) r.get("top")).doubleValue(), bottom = ((Number) r.get("bottom")).doubleValue();
        double width = ((Number) r.get("width")).doubleValue();
        assertTrue(right > left && left >= 0 && right <= width, what + " is outside the window sideways: " + r);
        assertTrue(bottom > top && top >= 0, what + " is above the page: " + r);
    }

    @Test
    void servers_and_target_pages_load_cleanly_and_filter() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "# allow-private\n127.0.0.1,8080,nas.home\n"
                + "127.0.0.1,8081,printer.home\n127.0.0.1,8082,<script>alert(1)</script>\n");
        Files.writeString(lists.resolve("tcp_v6.csv"), "# allow-private\n::1,8443,six.home\n");
        MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).spread(Duration.ofSeconds(1))
                .interval(Duration.ofMinutes(10)).build();
        Set<Integer> down = new HashSet<>();
        try (DealerServer server = DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock);
             ScriptedWorker worker = new ScriptedWorker(server.url(), "w1");
             Browser browser = Browser.start()) {
            // two hours of history: printer.home goes down in the second hour
            for (int i = 0; i < 12; i++) {
                clock.advance(Duration.ofMinutes(10));
                if (i == 8) down.add(8081);
                worker.round(t -> down.contains(t.port()) ? Verdict.down("connection refused")
                        : Verdict.up(1.0 + t.port() % 7));
            }
            server.flusher().flushNow();
            server.history().invalidate();
            WebDriver web = browser.driver();

            web.get(server.url() + "/servers");
            assertEquals("(1 down) Servers · Dogdorm", web.getTitle());
            WebElement incidents = web.findElement(By.id("open-incidents"));
            assertTrue(incidents.getText().contains("printer.home"), incidents.getText());
            assertTrue(incidents.getText().contains("connection refused"));
            assertEquals(2, web.findElements(By.cssSelector("section.ranking")).size());
            assertEquals(3, web.findElements(By.cssSelector("svg.spark")).size());
            String nas = web.findElement(By.xpath("//tr[.//a[text()='nas.home']]")).getText();
            assertTrue(nas.contains("100%"), "24 h uptime of nas.home: " + nas);
            String printer = web.findElement(By.xpath("//tr[.//a[text()='printer.home']]")).getText();
            assertTrue(printer.contains("66.67%"), "24 h uptime of printer.home: " + printer);
            assertFalse(web.findElements(By.cssSelector("svg.spark rect[fill='#b91c1c']")).isEmpty(),
                    "the hours printer.home was down are red in its sparkline");
            // the hostile line is reported as text, not run as a script
            String problems = web.findElement(By.cssSelector("details.problems")).getAttribute("textContent");
            assertTrue(problems.contains("host '<script>alert(1)</script>' is not a valid host name"), problems);
            assertTrue(web.findElements(By.tagName("script")).stream()
                    .noneMatch(e -> e.getAttribute("innerHTML").contains("alert(1)")));
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("servers");

            // family filter: choosing IPv6 reloads the page with only the IPv6 section
            new Select(web.findElement(By.id("filter-family"))).selectByValue("6");
            new WebDriverWait(web, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("family=6"));
            List<WebElement> sections = web.findElements(By.cssSelector("section.ranking"));
            assertEquals(1, sections.size());
            assertEquals("6", sections.get(0).getAttribute("data-family"));
            assertTrue(web.findElement(By.cssSelector("section.ranking")).getText().contains("six.home"));

            // state filter, then back to all
            web.get(server.url() + "/servers");
            new Select(web.findElement(By.id("filter-state"))).selectByValue("down");
            new WebDriverWait(web, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("state=down"));
            List<WebElement> rows = web.findElements(By.cssSelector("section.ranking tbody tr"));
            assertEquals(1, rows.size());
            assertTrue(rows.get(0).getText().contains("printer.home"));

            // the search box hides rows without a reload
            web.get(server.url() + "/servers");
            // (nas.home's name would also match printer.home: that row lists the other names on 127.0.0.1)
            web.findElement(By.id("filter-text")).sendKeys("six");
            long visible = web.findElements(By.cssSelector("section.ranking tbody tr")).stream()
                    .filter(WebElement::isDisplayed).count();
            assertEquals(1, visible);
            assertEquals(List.of(), browser.consoleErrors());

            // the target page: facts, chart, incident
            web.get(server.url() + "/servers");
            web.findElement(By.linkText("printer.home")).click();
            new WebDriverWait(web, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/targets/"));
            assertTrue(web.getTitle().startsWith("printer.home"));
            List<WebElement> incidentRows = web.findElements(By.cssSelector("#incidents tbody tr"));
            assertEquals(1, incidentRows.size());
            assertTrue(incidentRows.get(0).getText().contains("ongoing"));
            assertFalse(web.findElements(By.cssSelector("#chart-week svg rect.bar")).isEmpty(), "uptime bars drawn");
            assertFalse(web.findElements(By.cssSelector("#chart-week svg path.latency")).isEmpty(), "latency line");
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("target");

            web.get(server.url() + "/imports");
            assertEquals(List.of(), browser.consoleErrors());
        }
    }
}
