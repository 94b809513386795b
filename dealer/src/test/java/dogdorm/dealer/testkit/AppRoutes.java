package dogdorm.dealer.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GET routes App declares, read from App.java itself (tests run in the dealer module's folder), so a test over
 * every route also covers the routes added after it was written.
 */
public final class AppRoutes {
    private static final Path APP = Path.of("src/main/java/dogdorm/dealer/http/App.java");
    private static final Pattern GET = Pattern.compile("(?:\\.get\\(|getAndHead\\([\\w.]+, )\"([^\"]+)\"");
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");

    private AppRoutes() {}

    /**
     * Every GET route, its parameters filled in from {@code values} by name ({@code id}, {@code token}...), and
     * those not given with {@code x} (a 404, which is a page too).
     */
    public static List<String> gets(Map<String, String> values) throws IOException {
        Matcher m = GET.matcher(Files.readString(APP));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(PARAM.matcher(m.group(1)).replaceAll(p -> Matcher.quoteReplacement(values.getOrDefault(p.group(1),
                    "x"))));
        }
        if (out.size() < 20) {
            throw new AssertionError("only " + out.size() + " GET routes read from " + APP.toAbsolutePath());
        }
        return out;
    }
}
