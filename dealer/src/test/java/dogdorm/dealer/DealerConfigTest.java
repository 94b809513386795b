package dogdorm.dealer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DealerConfigTest {
    private static DealerConfig.Builder builder() {
        return DealerConfig.builder(Path.of("data"), Path.of("lists"));
    }

    @Test
    void bind_must_be_an_ip_address_or_localhost() {
        for (String bad : new String[] {"999.1.1.1", "myhost", "0.0.0.0.0"}) {
            assertEquals("--bind '" + bad + "' is not an IP address to listen on (e.g. 127.0.0.1, 0.0.0.0 or ::)",
                    assertThrows(IllegalArgumentException.class, () -> builder().bind(bad).build()).getMessage());
        }
        assertEquals("localhost", builder().bind("localhost").build().bind());
        assertEquals("::1", builder().bind("::1").build().bind());
    }

    @Test
    void thresholds_below_one_are_refused() {
        assertEquals("--fail-threshold and --recover-threshold must be at least 1", assertThrows(
                IllegalArgumentException.class, () -> builder().failThreshold(0).build()).getMessage());
    }
}
