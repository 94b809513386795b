package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatSpec;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.testkit.Browser;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.dealer.testkit.Web;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The heartbeats page in a real headless Chromium, behind basic auth: create a token, copy its curl line, watch it
 * go down without a reload (the header and the title say so), pause it, delete it; a cron token, and a down card
 * moving first.
 */
class HeartbeatsBrowserIT {
    @TempDir
    Path dir;

    @Test
    void an_admin_creates_copies_watches_pauses_and_deletes_a_token() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        MutableClock clock = MutableClock.at("2026-11-22T10:00:00Z");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).admin("admin", "s3cret pw")
                .build();
        try (DealerServer server = DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock);
             Browser browser = Browser.start()) {
            ChromeDriver chrome = (ChromeDriver) browser.driver();
            // basic auth on every request the page makes, fetches included
            chrome.executeCdpCommand("Network.enable", Map.of());
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString("admin:s3cret pw".getBytes(StandardCharsets.UTF_8)))));
            chrome.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.url(),
                    "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
            WebDriver web = browser.driver();
            WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(15));

            web.get(server.url() + "/heartbeats");
            assertEquals("Heartbeats · Dogdorm", web.getTitle());
            assertEquals("0 down", web.findElement(By.id("hb-down-badge")).getText());

            // create
            web.findElement(By.id("hb-name")).sendKeys("nightly backup");
            web.findElement(By.id("hb-interval")).sendKeys("1h");
            web.findElement(By.id("hb-description")).sendKeys("pg_dump to S3");
            web.findElement(By.id("hb-create")).click();
            wait.until(ExpectedConditions.urlContains("#hb-"));
            Heartbeat h = server.heartbeats().all().get(0);
            WebElement card = web.findElement(By.id("hb-" + h.id()));
            assertEquals("new", card.getAttribute("data-state"));
            assertTrue(card.getText().contains("nightly backup"), card.getText());
            assertTrue(card.getText().contains("1h + 6m grace (default)"), card.getText());
            String curl = "curl -fsS -m 10 --retry 5 -o /dev/null " + server.url() + "/hb/" + h.token();
            assertEquals(curl, card.findElement(By.className("hb-curl-line")).getText());

            // copy: the curl line lands on the clipboard
            card.findElement(By.cssSelector("button.copy")).click();
            wait.until(d -> "yes".equals(d.findElement(By.cssSelector("#hb-" + h.id() + " button.copy"))
                    .getAttribute("data-copied")));
            assertEquals(curl, ((JavascriptExecutor) web).executeScript("return window.dogdormCopied;"));
            Object clipboard = ((JavascriptExecutor) web).executeAsyncScript("var done = arguments[0];"
                    + "navigator.clipboard.readText().then(done, function (e) { done('unreadable: ' + e); });");
            assertEquals(curl, clipboard, "what the clipboard holds");
            browser.screenshot("heartbeats-created");

            // the job pings; later it misses its deadline: the page follows without a reload
            Web cron = new Web(server.url());
            assertEquals("ok", cron.get("/hb/" + h.token()).body());
            Eventually.until(Duration.ofSeconds(15), "the card turns up",
                    () -> "up".equals(web.findElement(By.id("hb-" + h.id())).getAttribute("data-state")));
            ((JavascriptExecutor) web).executeScript("document.body.setAttribute('data-not-reloaded', 'yes');");
            clock.advance(Duration.ofHours(2));
            server.heartbeats().sweep(); // what the sweeper does every --heartbeat-sweep: records up -> down once
            Eventually.until(Duration.ofSeconds(15), () -> "the title counts one down, it says " + web.getTitle(),
                    () -> web.getTitle().equals("(1 down) Heartbeats · Dogdorm"));
            assertEquals("1 down", web.findElement(By.id("hb-down-badge")).getText());
            WebElement down = web.findElement(By.id("hb-" + h.id()));
            assertEquals("down", down.getAttribute("data-state"));
            assertEquals("down (fired)", down.findElement(By.className("hb-state")).getText());
            assertEquals("yes", web.findElement(By.tagName("body")).getAttribute("data-not-reloaded"),
                    "updated in place");
            browser.screenshot("heartbeats-down");

            // pause: a POST with the CSRF token; the down count goes back to zero
            down.findElement(By.className("hb-pause")).click();
            wait.until(ExpectedConditions.titleIs("Heartbeats · Dogdorm"));
            assertEquals("0 down", web.findElement(By.id("hb-down-badge")).getText());
            WebElement paused = web.findElement(By.id("hb-" + h.id()));
            assertEquals("paused", paused.getAttribute("data-state"));
            assertTrue(paused.findElements(By.className("hb-resume")).size() == 1, "a resume button instead");
            assertTrue(!server.heartbeats().all().get(0).enabled());

            // the token's own page: its ping log
            paused.findElement(By.linkText("Pings and history")).click();
            wait.until(ExpectedConditions.urlContains("/heartbeats/" + h.id()));
            assertEquals(1, web.findElements(By.cssSelector("#hb-pings tbody tr")).size());
            assertTrue(web.findElement(By.id("hb-transitions")).getText().contains("no ping within its interval"));
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("heartbeat-detail");
            web.navigate().back();

            // delete, after a confirmation
            WebElement again = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hb-" + h.id())));
            WebElement confirm = again.findElement(By.className("hb-delete-confirm"));
            assertTrue(!confirm.isDisplayed(), "the delete button is behind a confirmation");
            again.findElement(By.cssSelector("details.hb-delete summary")).click();
            confirm.click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hb-none")));
            assertTrue(server.heartbeats().all().isEmpty());
            assertEquals(404, cron.get("/hb/" + h.token()).status());
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void a_cron_token_is_created_in_the_form_and_a_card_that_goes_down_moves_first_without_a_reload()
            throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        MutableClock clock = MutableClock.at("2026-03-28T01:00:00Z");
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(0).admin("admin", "s3cret pw")
                .build();
        try (DealerServer server = DealerServer.start(cfg, new SqliteStore(cfg.dataDir()), clock);
             Browser browser = Browser.start()) {
            ChromeDriver chrome = (ChromeDriver) browser.driver();
            chrome.executeCdpCommand("Network.enable", Map.of());
            String basic = Base64.getEncoder().encodeToString("admin:s3cret pw".getBytes(StandardCharsets.UTF_8));
            chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                    "Basic " + basic)));
            WebDriver web = browser.driver();
            WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(15));
            Web admin = new Web(server.url()).as("admin", "s3cret pw");
            Web cron = new Web(server.url());
            Heartbeat hourly = server.heartbeats().create(HeartbeatSpec.parse("hourly sync", "", "1h", null));
            cron.get("/hb/" + hourly.token());

            web.get(server.url() + "/heartbeats");
            web.findElement(By.id("hb-name")).sendKeys("nightly backup");
            web.findElement(By.id("hb-cron")).sendKeys("30 2 * * *");
            web.findElement(By.id("hb-tz")).sendKeys("Europe/Berlin");
            web.findElement(By.id("hb-create")).click();
            wait.until(ExpectedConditions.urlContains("#hb-"));
            Heartbeat nightly = server.heartbeats().all().get(1);
            assertEquals("cron 30 2 * * * (Europe/Berlin)", nightly.schedule().describe());
            WebElement card = web.findElement(By.id("hb-" + nightly.id()));
            assertTrue(card.getText().contains("cron 30 2 * * * (Europe/Berlin) + 1h grace (default)"),
                    card.getText());

            // its run pings at 02:35 CET; the next is due on 30 March 02:30 CEST (the 29th has no 02:30)
            clock.set(Instant.parse("2026-03-28T01:35:00Z"));
            cron.get("/hb/" + nightly.token());
            ((JavascriptExecutor) web).executeScript("document.body.setAttribute('data-not-reloaded', 'yes');");
            Eventually.until(Duration.ofSeconds(15), "the card turns up",
                    () -> "up".equals(web.findElement(By.id("hb-" + nightly.id())).getAttribute("data-state")));
            assertEquals("next ping due in 46 h (2026-03-30 02:30 Europe/Berlin)",
                    web.findElement(By.cssSelector("#hb-" + nightly.id() + " .hb-due")).getText(),
                    "worded by heartbeats.js as the server words it");
            assertEquals(List.of("hb-" + hourly.id(), "hb-" + nightly.id()), cardOrder(web));

            // the job reports a failure: its card moves first, in place
            cron.get("/hb/" + nightly.token() + "/fail");
            Eventually.until(Duration.ofSeconds(15), () -> "the down card first, the order is " + cardOrder(web),
                    () -> cardOrder(web).equals(List.of("hb-" + nightly.id(), "hb-" + hourly.id())));
            assertEquals("yes", web.findElement(By.tagName("body")).getAttribute("data-not-reloaded"));
            browser.screenshot("heartbeats-cron-down-first");

            // paused and resumed: waiting for a ping, not up; back in id order
            assertEquals(200, admin.json("POST", "/api/heartbeats/" + nightly.id() + "/pause", null).status());
            clock.advance(Duration.ofMinutes(1));
            web.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#hb-" + nightly.id()
                    + " .hb-resume"))).click();
            WebElement waiting = wait.until(d -> {
                WebElement c = d.findElement(By.id("hb-" + nightly.id()));
                return "waiting".equals(c.getAttribute("data-state")) ? c : null;
            });
            assertEquals("waiting for a ping", waiting.findElement(By.className("hb-state")).getText());
            assertEquals(List.of("hb-" + hourly.id(), "hb-" + nightly.id()), cardOrder(web));
            assertEquals("1 waiting", web.findElement(By.id("hb-count-waiting")).getText());
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    private static List<String> cardOrder(WebDriver web) {
        return web.findElements(By.cssSelector(".hb-cards article.hb-card")).stream()
                .map(e -> e.getAttribute("id")).toList();
    }
}
