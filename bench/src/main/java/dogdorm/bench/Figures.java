package dogdorm.bench;

import java.util.Locale;

/** The Markdown a benchmark prints: a heading, the machine, and a table the README takes figures from. */
final class Figures {
    private Figures() {}

    /** The heading and the machine line: JVM, cores, then {@code machine} (e.g. {@link #maxHeap()}). */
    static void heading(String title, String machine) {
        System.out.println("## " + title);
        System.out.println();
        System.out.printf(Locale.ROOT, "JVM %s, %d cores%s%n%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), machine);
    }

    /** ", max heap N MB": the JVM's limit, for benchmarks that measure memory in-process. */
    static String maxHeap() {
        return String.format(Locale.ROOT, ", max heap %d MB", Runtime.getRuntime().maxMemory() >> 20);
    }

    /** The header of a table of the given columns. */
    static void columns(String... names) {
        row(names);
        System.out.println("|" + "---|".repeat(names.length));
    }

    static void row(String... cells) {
        System.out.println("| " + String.join(" | ", cells) + " |");
    }
}
