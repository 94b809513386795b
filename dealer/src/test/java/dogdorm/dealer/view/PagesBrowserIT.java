package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.Browser;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.ScriptedWorker.Verdict;
import dogdorm.dealer.testkit.ScriptedWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pages in a real headless Chromium: no console errors, filters and search work, screenshots taken. */
class PagesBrowserIT {
    @TempDir
    Path dir;

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
