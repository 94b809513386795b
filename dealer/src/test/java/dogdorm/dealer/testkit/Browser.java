package dogdorm.dealer.testkit;

import dogdorm.worker.peers.Peers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through Selenium, with
 * the browser's console log readable and screenshots saved under {@code target/screenshots}. Missing programs skip
 * the test (fail under {@code DOGDORM_REQUIRE_PEERS=1}).
 */
public final class Browser implements AutoCloseable {
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() throws Exception {
        Path chromium = Peers.binary("chromium", "chromium");
        Path chromedriver = Peers.binary("chromedriver", "chromium-driver");
        Path profile = Files.createTempDirectory("dogdorm-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Console messages at SEVERE level (errors) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** Saves a PNG of the window under target/screenshots and returns its path. */
    public Path screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = dir.resolve(name + ".png");
        Files.write(file, png);
        return file;
    }

    /** Runs JavaScript in the page. */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /**
     * Lays pages out in a viewport of {@code width} x {@code height} CSS pixels (a phone's 360, a tablet's 768, a
     * desktop's 1,400), as the window of a desktop browser that size: media queries see that width and
     * {@code window.innerWidth} is it. Stays until changed; applies to the next page loaded and the current one.
     */
    public void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    /** Makes pages see {@code prefers-color-scheme: dark} (or light): the system setting a phone passes on. */
    public void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * Saves a PNG of the whole page (not only the viewport) at the viewport's width to {@code file}: the viewport
     * is stretched to the page's height for the shot, at most {@code maxHeight}, then set back.
     */
    public void pageScreenshot(Path file, int maxHeight) throws Exception {
        long width = (Long) script("return window.innerWidth;");
        long height = (Long) script("return window.innerHeight;");
        long page = (Long) script("return Math.ceil(document.documentElement.scrollHeight);");
        viewport((int) width, (int) Math.min(maxHeight, Math.max(height, page)));
        try {
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
        } finally {
            viewport((int) width, (int) height);
        }
    }


    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
