package dogdorm.dealer.view;

import dogdorm.common.Durations;
import dogdorm.common.Kind;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.imports.TargetInput;
import dogdorm.dealer.table.TargetSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pages that change targets, behind the admin's password: {@code /targets/new} (add a target, import a CSV,
 * export every target; an import's report) and {@code /targets/{id}/edit}. Every form carries the CSRF token.
 */
public final class TargetForms {
    private final Pages pages;

    public TargetForms(Pages pages) {
        this.pages = pages;
    }

    /**
     * A target's fields as the form holds them, as text. {@code options}: the kind's own keys as {@code key=value}
     * words ({@code version=5}); the password is never filled in (left empty, an edit keeps the one there is).
     */
    public record Form(String kind, String family, String transport, String ip, String port, String host,
                       String user, String password, String interval, String timeout, String vantage,
                       String tags, String options) {
        public static final Form EMPTY = new Form("tcp", "", "", "", "", "", "", "", "", "", "", "", "");

        /** What a target is, for its edit form (no password). */
        public static Form of(TargetSpec s) {
            return new Form(s.kind().wire(), Integer.toString(s.family()),
                    s.transport() == s.kind().defaultTransport() ? "" : s.transport().wire(),
                    s.ip() == null ? "" : s.ip(),
                    s.port() == 0 && !s.kind().needsPort() ? "" : Integer.toString(s.port()),
                    s.host() == null ? "" : s.host(), s.user() == null ? "" : s.user(), "",
                    s.interval() == null ? "" : Durations.format(s.interval()),
                    s.timeoutMs() == null ? "" : Durations.format(Duration.ofMillis(s.timeoutMs())),
                    s.vantage() == null ? "" : s.vantage().toString(), String.join(" ", s.tags()),
                    new TreeMap<>(s.options()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")));
        }

        /** The target the form describes; an {@link IllegalArgumentException} names the field that is wrong. */
        public TargetInput input() {
            return new TargetInput(kind, family, transport, ip, port, host, user, password, interval, timeout,
                    vantage, tags, options(options));
        }

        /** {@code version=5 name=example.com} (spaces or commas between them) as a map. */
        static Map<String, String> options(String text) {
            Map<String, String> out = new TreeMap<>();
            if (text == null || text.isBlank()) {
                return out;
            }
            for (String word : text.strip().split("[\\s,]+")) {
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("options: '" + word + "' is not key=value (e.g. version=5)");
                }
                out.put(word.substring(0, eq).toLowerCase(Locale.ROOT), word.substring(eq + 1));
            }
            return out;
        }
    }

    private static List<String> kinds() {
        return Arrays.stream(Kind.values()).filter(Kind::listable).map(Kind::wire).toList();
    }

    /** {@code /targets/new}: the add form (with what was sent and why it was refused), import and export. */
    public String add(Form form, String error, String csrf, ImportReport report, String importError) {
        Map<String, Object> m = new HashMap<>();
        m.put("form", form == null ? Form.EMPTY : form);
        m.put("error", error);
        m.put("csrf", csrf);
        m.put("kinds", kinds());
        m.put("report", report);
        m.put("importError", importError);
        return pages.render("target_new", m);
    }

    /** {@code /targets/{id}/edit}: the edit form of a target added in the UI. */
    public String edit(Feed.TargetState t, String name, Form form, String error, String csrf) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", t.id());
        m.put("name", name);
        m.put("hasPassword", t.spec().password() != null);
        m.put("form", form == null ? Form.of(t.spec()) : form);
        m.put("error", error);
        m.put("csrf", csrf);
        m.put("kinds", kinds());
        return pages.render("target_edit", m);
    }
}
