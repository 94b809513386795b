package dogdorm.dealer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.AppRoutes;
import dogdorm.dealer.testkit.Browser;
import dogdorm.dealer.testkit.DemoDealer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages under their Content-Security-Policy in a real headless Chromium: the policy is in force (an inline
 * script put into a page does not run) and no page, its scripts, styles, icon, fetches and forms included, breaks
 * one of its rules (Chromium reports each broken rule as a console error). Every GET route App declares is opened
 * ({@link AppRoutes}), so pages added later are checked too.
 */
class ContentSecurityPolicyBrowserIT {
    @TempDir
    Path dir;

    @Test
    void no_page_breaks_its_policy_and_an_inline_script_does_not_run() throws Exception {
        try (DemoDealer demo = DemoDealer.start(dir, Duration.ofMinutes(10), 12);
             Browser browser = Browser.start()) {
            WebDriver web = browser.driver();
            String base = demo.url();
            // every GET route (pages added later too), and a page that is not there
            List<String> pages = new ArrayList<>(AppRoutes.gets(Map.of("id", "1", "token",
                    demo.token("hourly sync").token(), "file", "dogdorm.css", "domain", "nas.home")));
            pages.add("/no-such-page");
            for (String page : pages) {
                web.get(base + page);
                // an answer's own error status is reported too: that one is meant (a 404 page, a refused API call)
                assertEquals(List.of(), browser.consoleErrors().stream()
                        .filter(e -> !e.contains("the server responded with a status of")).toList(), page);
            }

            // the heartbeats page's own script: it refreshes the cards from the API, its form posts and redirects
            web.get(base + "/heartbeats");
            web.findElement(By.id("hb-name")).sendKeys("policy check");
            web.findElement(By.id("hb-interval")).sendKeys("1h");
            web.findElement(By.id("hb-create")).click();
            new WebDriverWait(web, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("#hb-"));
            assertTrue(web.getPageSource().contains("policy check"));
            browser.script("return fetch('/api/heartbeats', {headers: {'Accept': 'application/json'}})"
                    + ".then(function (r) { return r.status; });");
            assertEquals(List.of(), browser.consoleErrors(), "creating a token from the page");

            // the policy is in force: an inline script added to a page does not run, and Chromium says why
            web.get(base + "/servers");
            Object ran = browser.script("var s = document.createElement('script');"
                    + "s.textContent = 'window.inlineRan = true;'; document.head.appendChild(s);"
                    + "return window.inlineRan === true;");
            assertEquals(false, ran, "an inline script ran: the policy is not in force");
            List<String> errors = browser.consoleErrors();
            assertTrue(errors.stream().anyMatch(e -> e.contains("Content Security Policy")), errors.toString());
        }
    }
}
