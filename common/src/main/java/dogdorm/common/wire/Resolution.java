package dogdorm.common.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a worker's resolver said of a host name (a job of task {@link Task#RESOLVE}), carried in its result's
 * {@code detail}: {@code addresses}, every address in the resolver's order. Which of them may be used is the
 * dealer's to judge.
 */
public record Resolution(List<String> addresses) {
    private static final String ADDRESSES = "addresses";

    public Resolution {
        Check.present(addresses, ADDRESSES);
        for (int i = 0; i < addresses.size(); i++) {
            Check.text(addresses.get(i), ADDRESSES + "[" + i + "]", 64);
        }
        addresses = List.copyOf(addresses);
    }

    @JsonValue
    public Map<String, Object> toDetail() {
        return Map.of(ADDRESSES, addresses);
    }

    /** Reads the resolution from a result's detail, ignoring its other entries; refuses what is missing or wrong. */
    @JsonCreator
    public static Resolution from(Map<?, ?> detail) {
        List<?> raw = Detail.list(Detail.required(detail, ADDRESSES), ADDRESSES);
        List<String> addresses = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Object one = raw.get(i);
            addresses.add(one == null ? null : Detail.text(one, ADDRESSES + "[" + i + "]"));
        }
        return new Resolution(addresses);
    }
}
