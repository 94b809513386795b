package dogdorm.dealer.statuspage;

import dogdorm.dealer.table.Tags;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the admin sets on a status page: its address ({@code slug}: lowercase letters, digits and single dashes, as
 * in {@code /status-page/home-network}), a title and a description, and what it shows: targets by id, every
 * target of some lists (by file, as a target's {@code source} names it: {@code home_ping_v4.csv}) and every target
 * with some tags (whichever have them at the time). Validated here; every message names its field.
 */
public record StatusPageSpec(String slug, String title, String description, List<Long> targets, List<String> lists,
                             List<String> tags) {
    public static final int MAX_SLUG = 64;
    public static final int MAX_TITLE = 100;
    public static final int MAX_DESCRIPTION = 1000;
    /** At most this many target ids, and list names, on one page. */
    public static final int MAX_ITEMS = 1000;
    public static final int MAX_LIST_NAME = 255;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public StatusPageSpec(String slug, String title, String description, List<Long> targets, List<String> lists) {
        this(slug, title, description, targets, lists, List.of());
    }

    public StatusPageSpec {
        slug = checkSlug(slug);
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title: missing or blank");
        }
        title = title.strip();
        if (title.length() > MAX_TITLE) {
            throw new IllegalArgumentException("title: longer than " + MAX_TITLE + " characters");
        }
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description: longer than " + MAX_DESCRIPTION + " characters");
        }
        targets = targets(targets);
        lists = lists(lists);
        tags = Tags.of(tags, "tags");
        if (targets.isEmpty() && lists.isEmpty() && tags.isEmpty()) {
            throw new IllegalArgumentException("targets, lists, tags: all empty; name at least one target id "
                    + "(targets: [3, 7]), list file (lists: [\"home_ping_v4.csv\"]) or tag (tags: [\"home\"])");
        }
    }

    /** The slug, stripped, or a message naming what is wrong with it. */
    public static String checkSlug(String slug) {
        if (slug == null || slug.isBlank()) {
            throw new IllegalArgumentException("slug: missing or blank (e.g. home-network)");
        }
        String s = slug.strip();
        if (s.length() > MAX_SLUG) {
            throw new IllegalArgumentException("slug: longer than " + MAX_SLUG + " characters");
        }
        if (!SLUG.matcher(s).matches()) {
            throw new IllegalArgumentException("slug: '" + s + "' is not lowercase letters, digits and dashes "
                    + "(e.g. home-network; no dash first, last or twice in a row)");
        }
        return s;
    }

    /** Whether {@code slug} could name a page (a path that cannot is no page, without a message). */
    public static boolean plausible(String slug) {
        return slug != null && slug.length() <= MAX_SLUG && SLUG.matcher(slug).matches();
    }

    private static List<Long> targets(List<Long> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("targets: more than " + MAX_ITEMS + " ids");
        }
        Set<Long> out = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Long id = ids.get(i);
            if (id == null) {
                throw new IllegalArgumentException("targets[" + i + "]: missing");
            }
            if (id < 1) {
                throw new IllegalArgumentException("targets[" + i + "]: " + id + " is not a target id");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    private static List<String> lists(List<String> names) {
        if (names == null) {
            return List.of();
        }
        if (names.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("lists: more than " + MAX_ITEMS + " names");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("lists[" + i + "]: missing or blank (a list file, e.g. "
                        + "home_ping_v4.csv)");
            }
            n = n.strip();
            if (n.length() > MAX_LIST_NAME) {
                throw new IllegalArgumentException("lists[" + i + "]: longer than " + MAX_LIST_NAME + " characters");
            }
            if (n.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("lists[" + i + "]: has a control character");
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    /**
     * Whether the page shows the target {@code id}, which came from the list file {@code sourceFile} (or null) and
     * has {@code targetTags}.
     */
    public boolean shows(long id, String sourceFile, List<String> targetTags) {
        return targets.contains(id) || (sourceFile != null && lists.contains(sourceFile))
                || targetTags.stream().anyMatch(tags::contains);
    }

    /** The same page at another address. */
    public StatusPageSpec withSlug(String other) {
        return new StatusPageSpec(other, title, description, targets, lists, tags);
    }
}
