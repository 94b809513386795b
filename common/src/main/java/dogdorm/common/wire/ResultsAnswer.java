package dogdorm.common.wire;

import java.util.List;

/** The answer to {@code POST /api/results}: each item accepted or rejected with a reason, in the order sent. */
public record ResultsAnswer(int accepted, int rejected, List<Item> results) {
    public ResultsAnswer {
        results = List.copyOf(results);
    }

    public static ResultsAnswer of(List<Item> items) {
        int ok = (int) items.stream().filter(Item::accepted).count();
        return new ResultsAnswer(ok, items.size() - ok, items);
    }

    /** One item's fate; {@code reason} is null when accepted. */
    public record Item(String lease, long target, boolean accepted, String reason) {
        public static Item ok(String lease, long target) {
            return new Item(lease, target, true, null);
        }

        public static Item rejected(String lease, long target, String reason) {
            return new Item(lease, target, false, reason);
        }
    }
}
