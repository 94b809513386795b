package dogdorm.dealer.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import dogdorm.dealer.imports.Alias;
import java.time.Instant;
import java.util.List;

/** A read-only copy of one DNS alias: its current address, every address it had, the last resolution. */
public record AliasView(String host, int family, String current, List<Alias.Seen> addresses, Instant lastResolved,
                        String lastError, @JsonProperty("used_by") int usedBy) {

    public static AliasView of(Alias a, int usedBy) {
        return new AliasView(a.host(), a.family(), a.current(), a.history(), a.lastResolved(), a.lastError(),
                usedBy);
    }
}
