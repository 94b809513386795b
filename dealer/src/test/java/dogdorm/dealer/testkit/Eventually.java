package dogdorm.dealer.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/** Waits for something that real networked components do on their own time (not for a clock deadline). */
public final class Eventually {
    private Eventually() {}

    public static void until(Duration max, String what, BooleanSupplier condition) {
        until(max, () -> what, condition);
    }

    /**
     * Asks {@code condition} every 50 ms until it holds. A condition that throws (a page caught mid-reload, a
     * request refused while a server starts) counts as "not yet"; if time runs out, the last throw is the cause.
     */
    public static void until(Duration max, Supplier<String> what, BooleanSupplier condition) {
        long end = System.nanoTime() + max.toNanos();
        Throwable last = null;
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String message;
        try {
            message = what.get();
        } catch (RuntimeException | AssertionError e) {
            message = "(cannot describe: " + e + ")";
        }
        Assertions.fail("not within " + max.toMillis() + " ms: " + message, last);
    }
}
