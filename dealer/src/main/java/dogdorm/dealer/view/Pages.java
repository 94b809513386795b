package dogdorm.dealer.view;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders the HTML pages from Pebble templates under {@code view/} on the classpath. Auto-escaping is on for
 * every value: whatever came from a file or the network is HTML-escaped unless a template says otherwise.
 */
public final class Pages {
    private final PebbleEngine engine;
    private final Supplier<String> notice;

    /** Pages with no notice above their content. */
    public Pages() {
        this(() -> null);
    }

    /** @param notice what every page says above its content (a dealer standing by: a read-only copy), or null */
    public Pages(Supplier<String> notice) {
        this.notice = notice;
        ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
        loader.setPrefix("view/");
        loader.setSuffix(".peb");
        this.engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(false).build();
    }

    public String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            String n = notice.get();
            if (n != null) {
                model = new HashMap<>(model);
                model.put("notice", n);
            }
            engine.getTemplate(template).evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + template, e);
        }
        return out.toString();
    }
}
