package dogdorm.dealer.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import dogdorm.common.Kind;
import dogdorm.dealer.imports.Candidate;
import java.time.Instant;
import java.util.List;

/** A read-only copy of one candidate (a list row being validated) for pages and JSON; never its password. */
public record CandidateView(long id, Kind kind, int family, String host, String ip, int port, String user,
                            @JsonProperty("has_password") boolean hasPassword, String source, Candidate.State state,
                            int attempts, String lastError, Instant lastTried, List<Long> services,
                            Instant nextTry) {

    public static CandidateView of(Candidate c, Instant nextTry) {
        var s = c.spec();
        return new CandidateView(c.id(), s.kind(), s.family(), s.host(), s.ip(), s.port(), s.user(),
                s.password() != null, s.sourceText(), c.state(), c.attempts(), c.lastError(), c.lastTried(),
                c.services(), nextTry);
    }

    /** "pending", "validated into 3 services", "failed 2 times: timeout", "disabled: ...". */
    public String describe() {
        return switch (state) {
            case PENDING -> attempts == 0 ? "pending" : "failed " + attempts + " time" + (attempts == 1 ? "" : "s")
                    + (lastError == null ? "" : ": " + lastError);
            case VALIDATED -> "validated into " + services.size() + " service" + (services.size() == 1 ? "" : "s");
            case DISABLED -> "disabled after " + attempts + " tries" + (lastError == null ? "" : ": " + lastError);
        };
    }
}
