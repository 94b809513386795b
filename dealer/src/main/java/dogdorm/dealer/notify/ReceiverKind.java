package dogdorm.dealer.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a receiver is told: a webhook in one of the formats {@code --notify} knows ({@code json}, {@code slack},
 * {@code discord}, {@code ntfy}), or an e-mail over SMTP.
 */
public enum ReceiverKind {
    JSON, SLACK, DISCORD, NTFY, EMAIL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean webhook() {
        return this != EMAIL;
    }

    /** {@code slack} and the like; an unknown or missing kind is refused with the kinds there are. */
    public static ReceiverKind parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("kind: missing (one of " + known() + ")");
        }
        for (ReceiverKind k : values()) {
            if (k.wire().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind: '" + Secrets.shorten(text) + "' is not one of " + known());
    }

    private static String known() {
        return Arrays.stream(values()).map(ReceiverKind::wire).collect(Collectors.joining(", "));
    }
}
