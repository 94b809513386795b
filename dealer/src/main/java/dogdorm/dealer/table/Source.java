package dogdorm.dealer.table;

import java.util.regex.Pattern;

/**
 * Where a target or candidate came from: a list file and its row's line ({@code tcp_v4.csv:12}), or a file and a
 * label for a place that is not a line: a keepalive config's site is {@code keepalive:<path>} labelled
 * {@code <entry>.<site>} ({@code keepalive:/etc/dokeepalive.conf:1.2}), since the config is read as JSON and its
 * sites have no line of their own. {@link #toString()} is the text pages, logs and the store show;
 * {@link #parse} reads it back (the store's reader is its one caller), and the two agree for every source with a
 * line or a label.
 */
public record Source(String file, int line, String label) {
    private static final Pattern LINE = Pattern.compile("[1-9][0-9]{0,8}");
    /**
     * The source of the targets added in the UI or the API, kept in the database: no list file is named so (theirs
     * end in {@code _v4.csv} or {@code _v6.csv}) and no keepalive config ({@code keepalive:<path>}), so a scan of
     * either never takes them for its own.
     */
    public static final String UI = "ui";
    private static final Source OF_UI = new Source(UI, 0);

    public Source {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("file: missing or blank");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line: " + line + " is negative");
        }
        if (label != null) {
            if (label.isBlank() || label.contains(":")) {
                throw new IllegalArgumentException("label: '" + label + "' is blank or has a ':'");
            }
            if (line != 0) {
                throw new IllegalArgumentException("label: a source has a line (" + line + ") or a label, not both");
            }
        }
    }

    /** A row of a list file: lines count from 1. */
    public Source(String file, int line) {
        this(file, line, null);
    }

    /** Where the targets added in the UI or the API come from. */
    public static Source ui() {
        return OF_UI;
    }

    /** Whether this is {@link #ui()}. */
    public boolean isUi() {
        return UI.equals(file) && line == 0 && label == null;
    }

    /** How messages and pages name it: "added in the UI", or the file and line ({@code tcp_v4.csv:12}). */
    public String describe() {
        return isUi() ? "added in the UI" : toString();
    }

    /** A place in {@code file} that is not a line, named by {@code label}. */
    public static Source labelled(String file, String label) {
        return new Source(file, 0, label);
    }

    /**
     * The source {@code text} names, as {@link #toString()} wrote it: after the last ':' a line number, else a
     * label; no ':' (or nothing either side of it) is a file alone. Null or blank text is no source.
     */
    public static Source parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        String file = colon < 0 ? "" : text.substring(0, colon);
        String rest = colon < 0 ? "" : text.substring(colon + 1);
        if (file.isBlank() || rest.isBlank()) {
            return new Source(text, 0, null);
        }
        return LINE.matcher(rest).matches() ? new Source(file, Integer.parseInt(rest)) : labelled(file, rest);
    }

    @Override
    public String toString() {
        return label != null ? file + ":" + label : line > 0 ? file + ":" + line : file;
    }
}
