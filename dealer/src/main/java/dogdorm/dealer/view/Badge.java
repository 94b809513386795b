package dogdorm.dealer.view;

import dogdorm.dealer.table.State;
import java.util.Locale;

/**
 * A small SVG badge, as README files embed them: a grey label on the left, a coloured message on the right
 * ({@code nas.home | up}). Both texts are XML-escaped; widths are estimated from the characters (no font is
 * measured), generously, so the text fits.
 */
public final class Badge {
    public static final String UP = "#15803d";
    public static final String DOWN = "#b91c1c";
    public static final String UNKNOWN = "#6b7280";
    /** Longer labels are cut, with an ellipsis. */
    static final int MAX_LABEL = 40;

    private Badge() {}

    /** {@code label | up}, green; {@code down}, red; {@code unknown} and {@code paused}, grey. */
    public static String state(String label, State state) {
        return svg(label, state.wire(), switch (state) {
            case UP -> UP;
            case DOWN -> DOWN;
            case UNKNOWN, PAUSED -> UNKNOWN;
        });
    }

    /** {@code label | 99.95% 30d}, coloured as the charts colour uptime; {@code no checks 30d} when there were none. */
    public static String uptime(String label, Double pct, String window) {
        return svg(label, (pct == null ? "no checks" : Format.percent(pct)) + " " + window, Charts.colour(pct));
    }

    /** The badge; {@code colour} is one of this class's or {@link Charts}' colours. */
    public static String svg(String label, String message, String colour) {
        String l = label.codePointCount(0, label.length()) > MAX_LABEL
                ? label.substring(0, label.offsetByCodePoints(0, MAX_LABEL - 1)) + "…" : label;
        int lw = width(l) + 12;
        int mw = width(message) + 12;
        int w = lw + mw;
        String title = escape(l + ": " + message);
        // ids of its own, so two badges inlined in one page do not clip each other
        String id = Integer.toHexString((l + "|" + message + "|" + colour).hashCode());
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="20" role="img" aria-label="%2$s">\
                <title>%2$s</title>\
                <linearGradient id="s%10$s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\
                <stop offset="1" stop-opacity=".1"/></linearGradient>\
                <clipPath id="r%10$s"><rect width="%1$d" height="20" rx="3" fill="#fff"/></clipPath>\
                <g clip-path="url(#r%10$s)"><rect width="%3$d" height="20" fill="#555"/>\
                <rect x="%3$d" width="%4$d" height="20" fill="%5$s"/><rect width="%1$d" height="20" fill="url(#s%10$s)"/>\
                </g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" \
                font-size="11"><text x="%6$.1f" y="14">%7$s</text><text x="%8$.1f" y="14">%9$s</text></g></svg>
                """, w, title, lw, mw, colour, lw / 2.0, escape(l), lw + mw / 2.0, escape(message), id).strip();
    }

    /** About how wide {@code s} is in 11 px Verdana. */
    static int width(String s) {
        double w = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if ("iljI.,:;!'|[]()".indexOf(c) >= 0) {
                w += 3.8;
            } else if ("mwMW%@".indexOf(c) >= 0) {
                w += 10.5;
            } else if (Character.isUpperCase(c) || Character.isDigit(c)) {
                w += 7.8;
            } else {
                w += 7;
            }
        }
        return (int) Math.ceil(w);
    }

    /** Text for an XML text node or attribute value. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return b.toString();
    }
}
