package dogdorm.dealer;

import dogdorm.common.cli.Commands;
import dogdorm.dealer.config.Defaults;
import dogdorm.dealer.original.OriginalDatabase;
import dogdorm.dealer.original.OriginalImport;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dogdorm import-original}: brings the original Python Dogdorm's database into a Dogdorm data folder (fresh
 * or in use, but with no dealer running on it: the folder's lock says so), reading the original read-only.
 */
@Command(name = "dogdorm import-original", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Bring the original Dogdorm's monitor.sqlite3 (its services with their counters, RFC 3489 "
                + "groups, import rows and host names) into a Dogdorm data folder. The original file is only read. "
                + "Prints what came over and what was skipped, with the reason.",
        version = "dogdorm import-original 0.1.0")
public final class ImportOriginal implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MONITOR_DB", description = "The original's database (monitor.sqlite3).")
    Path original;

    @Option(names = "--data", defaultValue = Defaults.DATA, paramLabel = "DIR",
            description = "The Dogdorm data folder to bring it into (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--allow-private", description = "Bring over private and loopback addresses too (the original "
            + "let loopback in; the public-server policy refuses it).")
    boolean allowPrivate;

    @Option(names = "--verbose", description = "Print every skipped row, not only the count of each reason.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OriginalDatabase.Contents in = OriginalDatabase.read(original);
        try (Store store = new SqliteStore(data)) {
            OriginalImport.Plan plan = OriginalImport.plan(in, original.getFileName().toString(), store.load().core(),
                    allowPrivate, Clock.systemUTC().instant());
            store.write(Store.Batch.of(plan.changes()));
            out.printf("%s -> %s%n", original, data);
            out.printf("read: %d services, %d import rows, %d host names%n", in.services().size(),
                    in.imports().size(), in.aliases().size());
            out.printf("brought over: %d targets (%d RFC 3489 groups of four) with %,d checks counted, %d candidates, "
                    + "%d host names in use (%d aliases with their last address)%n", plan.targets().size(),
                    plan.groups(), plan.checks(), plan.candidates().size(), plan.named(), plan.aliases().size());
            Map<String, Integer> reasons = new TreeMap<>();
            for (OriginalImport.Skipped s : plan.skipped()) {
                reasons.merge(reason(s.why()), 1, Integer::sum);
                if (verbose) {
                    out.printf("skipped %s: %s%n", s.row(), s.why());
                }
            }
            out.printf("skipped: %d rows%n", plan.skipped().size());
            reasons.forEach((why, n) -> out.printf("  %5d  %s%n", n, why));
        }
        out.flush();
        return 0;
    }

    /** A reason without the row's own address, to count alike reasons together. */
    static String reason(String why) {
        return why.replaceAll("\\b(ip|RFC 3489 group|service|import) [^ ]+ ", "$1 ... ")
                .replaceAll("^[a-z-]+/v[46]/[a-z]+ [^ ]+ ", "... ")
                .replaceAll("\\(original:[^)]*\\)|as original:[^ ]+",
                        "(a row brought over from an original database)");
    }

    public static void main(String[] args) {
        System.exit(Commands.execute("dogdorm import-original", new ImportOriginal(), args));
    }
}
