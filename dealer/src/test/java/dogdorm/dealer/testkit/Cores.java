package dogdorm.dealer.testkit;

import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.core.Core;
import java.util.function.UnaryOperator;

/** Core settings for tests, from the dealer's own option defaults with the test's changes. */
public final class Cores {
    private Cores() {}

    public static Core.Settings settings(UnaryOperator<DealerConfig.Builder> options) {
        return Core.Settings.of(options.apply(DealerConfig.builder()).build());
    }
}
