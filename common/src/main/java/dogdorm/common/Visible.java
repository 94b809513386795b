package dogdorm.common;

/**
 * Text from outside (a list line, a server's reply) made safe to quote in a message: characters that print as
 * nothing or move the cursor (controls, U+200B and other format characters, line and paragraph separators, odd
 * spaces, unpaired surrogates, unassigned code points) are written as {@code \u200b}, and a long text is cut with
 * a note of its length, so a message names what was wrong and never hides it or floods a log.
 */
public final class Visible {
    private Visible() {}

    /** {@code text} with invisible characters escaped, at most {@code max} characters of it kept. */
    public static String of(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 16);
        int i = 0;
        for (; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = text.codePointAt(i);
                if (invisible(cp)) {
                    b.append(String.format("\\u{%x}", cp));
                } else {
                    b.appendCodePoint(cp);
                }
                i++;
            } else if (invisible(c) || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (i < text.length()) {
            b.append("… (").append(text.length()).append(" characters in all)");
        }
        return b.toString();
    }

    /** The most of a field a message quotes: enough to recognise it, never a flood. */
    public static final int MAX_QUOTED = 100;

    /** {@code 'text'} for a message: invisible characters escaped, at most {@link #MAX_QUOTED} characters kept. */
    public static String quoted(String text) {
        return "'" + of(text, MAX_QUOTED) + "'";
    }

    private static boolean invisible(int cp) {
        if (cp == ' ') {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
