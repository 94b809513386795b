package dogdorm.dealer.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.wire.FoundService;
import dogdorm.common.wire.ImportFindings;
import dogdorm.common.wire.Job;
import dogdorm.common.wire.JobTarget;
import dogdorm.common.wire.ProbeResult;
import dogdorm.common.wire.ResultBatch;
import dogdorm.common.wire.Task;
import dogdorm.common.wire.WorkRequest;
import dogdorm.worker.client.DealerClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A worker whose verdicts a test decides, speaking the real worker API over real HTTP: for tests of what the
 * dealer does with results (states, incidents, rankings), not of probes. A list row (a TURN or MQTT row, say) that
 * it finds up is reported as one service of the row's own kind and transport, as a real worker reports a good
 * TURN, MQTT or NTP row.
 */
public final class ScriptedWorker implements AutoCloseable {
    /** A verdict: up with a latency, or down with an error. */
    public record Verdict(boolean up, Double latencyMs, String error) {
        public static Verdict up(double ms) {
            return new Verdict(true, ms, null);
        }

        public static Verdict down(String error) {
            return new Verdict(false, null, error);
        }
    }

    /** Every kind of check, not name resolution (aliases). */
    static final List<Kind> CHECKS = Arrays.stream(Kind.values()).filter(k -> k != Kind.RESOLVE).toList();

    private final DealerClient client;
    private final String name;
    private final String location;

    public ScriptedWorker(String dealerUrl, String name) {
        this(dealerUrl, name, null);
    }

    /** A worker that says it checks from {@code location} (its {@code --location}). */
    public ScriptedWorker(String dealerUrl, String name, String location) {
        ObjectMapper json = Json.newMapper();
        this.client = new DealerClient(dealerUrl, null, json);
        this.name = name;
        this.location = location;
    }

    /** Takes every job due now and answers it as {@code verdicts} says. Returns the number of results accepted. */
    public int round(Function<JobTarget, Verdict> verdicts) throws IOException {
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            List<Job> jobs = client.work(new WorkRequest(name, location, null, CHECKS, 1000, 0));
            if (jobs.isEmpty()) {
                break;
            }
            List<ProbeResult> results = new ArrayList<>();
            for (Job j : jobs) {
                for (JobTarget t : j.targets()) {
                    Verdict v = verdicts.apply(t);
                    Map<String, Object> detail = j.task() == Task.IMPORT && v.up()
                            ? new ImportFindings(t.ip(), List.of(new FoundService(t.kind(), t.transport(), null)))
                                    .toDetail()
                            : Map.of();
                    results.add(ProbeResult.of(j.lease(), t.id(), v.up(), v.latencyMs(), v.error(), detail));
                }
            }
            accepted += client.results(new ResultBatch(name, results)).accepted();
        }
        return accepted;
    }

    /** Answers every due job "up" with 2 ms. */
    public int allUp() throws IOException {
        return round(t -> Verdict.up(2.0));
    }

    @Override
    public void close() {
        client.close();
    }
}
