package dogdorm.dealer.view;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders the HTML pages from Pebble templates under {@code view/} on the classpath. Auto-escaping is on for
 * every value: whatever came from a file or the network is HTML-escaped unless a template says otherwise. Every page
 * also sees the {@code globals} (the layout shows {@code remediationDryRun} on each page); a page's own values win.
 * Every page gets {@code pageNow}, the dealer's time as it rendered the page: static/time.js counts relative times
 * from it (not from the browser's clock, which may be wrong).
 */
public final class Pages {
    private final PebbleEngine engine;
    private final Clock clock;
    private final Map<String, Object> globals;
    private final Supplier<String> notice;

    /** Pages with no notice above their content. */
    public Pages(Clock clock) {
        this(clock, Map.of(), () -> null);
    }

    /**
     * @param globals what every page may show (e.g. that remediation is a dry run)
     * @param notice  what every page says above its content (a dealer standing by: a read-only copy), or null
     */
    public Pages(Clock clock, Map<String, Object> globals, Supplier<String> notice) {
        this.clock = clock;
        this.globals = Map.copyOf(globals);
        this.notice = notice;
        ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
        loader.setPrefix("view/");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(false).build();
    }

    public String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            Map<String, Object> all = new HashMap<>(globals);
            all.putAll(model);
            all.put("pageNow", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
            String n = notice.get();
            if (n != null) {
                all.put("notice", n);
            }
            engine.getTemplate(template).evaluate(out, all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + template, e);
        }
        return out.toString();
    }
}
