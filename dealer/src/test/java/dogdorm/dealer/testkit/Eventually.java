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

    public static void until(Duration max, Supplier<String> what, BooleanSupplier condition) {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Assertions.fail("not within " + max.toMillis() + " ms: " + what.get());
    }
}
