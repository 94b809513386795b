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
 * The ranking as JSON, in two shapes, each serialized once and served from a cache refreshed at most every
 * {@code maxAge}, so a large table costs one build per refresh, not one per request:
 * <ul>
 *   <li>{@code /servers.json}: {@code {type: {"IPv4"|"IPv6": {"UDP"|"TCP": [[target, ...group], ...]}},
 *       "timestamp": unix}} with every kind and the full view of each target (state, latency, detail, ...);</li>
 *   <li>{@code /servers} asked for JSON: the original Dogdorm's answer ({@link OriginalJson}).</li>
 * </ul>
 */
public final class ServersJson {
    private final ReadModel reads;
    private final ObjectMapper json;
    private final Cached<byte[]> body;
    private final Cached<byte[]> original;

    /** @param publishCredentials whether TURN passwords are in the original's shape ({@code --publish-credentials}) */
    public ServersJson(ReadModel reads, ObjectMapper json, Clock clock, Duration maxAge, boolean publishCredentials) {
        this.reads = reads;
        this.json = json;
        this.body = new Cached<>(clock, maxAge, previous -> build(clock.millis()));
        this.original = new Cached<>(clock, maxAge, previous -> serialize(reads.read(all -> OriginalJson.build(all,
                reads.aliasIdsByTarget(), publishCredentials ? reads.turnPasswords() : Map.of(),
                clock.millis() / 1000))));
    }

    /** {@code /servers.json}. */
    public byte[] get() {
        return body.get();
    }

    /** {@code /servers} as the original answered it. */
    public byte[] original() {
        return original.get();
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
        return serialize(root);
    }

    private byte[] serialize(Map<String, Object> root) {
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the servers' JSON", e);
        }
    }
}
