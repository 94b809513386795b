package dogdorm.dealer.view;

import dogdorm.dealer.read.TargetView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.read.Cached;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.Ranking;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /servers.json}: the ranking in the original's shape, {@code {type: {"IPv4"|"IPv6": {"UDP"|"TCP": [[record,
 * ...group], ...]}}, "timestamp": unix}}, serialized once and served from a cache refreshed at most every
 * {@code maxAge}, so a large table costs one build per refresh, not one per request.
 */
public final class ServersJson {
    private final ReadModel reads;
    private final ObjectMapper json;
    private final Cached<byte[]> body;

    public ServersJson(ReadModel reads, ObjectMapper json, Clock clock, Duration maxAge) {
        this.reads = reads;
        this.json = json;
        this.body = new Cached<>(clock, maxAge, previous -> build(clock.millis()));
    }

    public byte[] get() {
        return body.get();
    }

    private byte[] build(long now) {
        Map<String, Object> root = reads.read(targets -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Ranking.Section s : Ranking.sections(targets)) {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, List<List<TargetView>>>> byFamily =
                        (Map<String, Map<String, List<List<TargetView>>>>) out.computeIfAbsent(
                                Labels.type(s.kind()), k -> new LinkedHashMap<>());
                byFamily.computeIfAbsent(Labels.family(s.family()), f -> new LinkedHashMap<>())
                        .put(Labels.transport(s.transport()), s.groups());
            }
            return out;
        });
        root.put("timestamp", now / 1000);
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize /servers.json", e);
        }
    }
}
