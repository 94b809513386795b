package dogdorm.dealer.imports;

import dogdorm.dealer.table.TargetSpec;
import java.util.List;
import java.util.function.Predicate;

/** Where what a list file (or a keepalive config) says goes: the dealer's state core. */
public interface ListSink {
    /** Makes targets and candidates match one file's rows ({@code filePrivate}: it allows private addresses). */
    Applied applyList(String file, List<TargetSpec> rows, boolean filePrivate);

    /** A file disappeared: what its rows made goes unless another file has them. Returns how many went. */
    int dropList(String file);

    /** After the first scan of a kind of source: what came from sources that are gone is removed. */
    int dropUnlisted(Predicate<String> gone);
}
