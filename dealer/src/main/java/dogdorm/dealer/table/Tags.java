package dogdorm.dealer.table;

import dogdorm.common.Visible;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A target's tags: short words a person gives targets to group them across lists ({@code home}, {@code prod},
 * {@code eu-west}). Maintenance windows, notification receivers and status pages select targets by them. A tag is 1
 * to {@value #MAX_LENGTH} lowercase ASCII letters, digits, {@code -}, {@code _} or {@code .}, beginning with a
 * letter or a digit (upper case is lowered); a target has at most {@value #MAX} of them, kept sorted, each once.
 */
public final class Tags {
    /** The most tags a target may have. */
    public static final int MAX = 16;
    /** The longest tag. */
    public static final int MAX_LENGTH = 32;
    /** How a reason describes a tag. */
    public static final String RULE = "1 to " + MAX_LENGTH + " letters, digits, '-', '_' or '.', beginning with a "
            + "letter or a digit";

    private Tags() {
    }

    /**
     * Tags written as text, separated by {@code ;}, commas or white space ({@code web;prod}, {@code "web prod"});
     * blank text is none. {@code where} names the field in a reason ({@code tags}, {@code field 6 (tags)}).
     */
    public static List<String> parse(String text, String where) {
        return of(words(text), where);
    }

    /** The words of tags written as text, as given (not yet checked): separated by {@code ;}, commas or spaces. */
    public static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (String w : text.split("[;,\\s]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** Checks and normalizes a list of tags: lowered, each once, sorted. */
    public static List<String> of(List<String> tags, String where) {
        if (tags == null || tags.isEmpty()) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (String t : tags) {
            out.add(one(t, where));
        }
        if (out.size() > MAX) {
            throw new IllegalArgumentException(where + ": " + out.size() + " tags, more than " + MAX);
        }
        return List.copyOf(out);
    }

    /** One tag, checked and lowered; a reason quotes at most 40 characters of it. */
    public static String one(String tag, String where) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException(where + ": an empty tag");
        }
        String t = tag.strip().toLowerCase(Locale.ROOT);
        boolean ok = t.length() <= MAX_LENGTH && isLetterOrDigit(t.charAt(0))
                && t.chars().allMatch(c -> isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
        if (!ok) {
            throw new IllegalArgumentException(where + ": '" + Visible.of(tag.strip(), 40) + "' is not a tag ("
                    + RULE + ")");
        }
        return t;
    }

    /** The tags as a list row writes them: {@code web;prod}. */
    public static String text(List<String> tags) {
        return String.join(";", tags);
    }

    private static boolean isLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
