package dogdorm.dealer.view;

import static dogdorm.dealer.testkit.HeartbeatBuilder.T0;
import static dogdorm.dealer.testkit.HeartbeatBuilder.aToken;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeartbeatsPageTest {
    @Test
    void down_cards_come_first_then_late_ones_then_the_rest_in_creation_order() {
        Instant now = T0.plus(Duration.ofMinutes(150));
        var list = List.of(
                aToken().id(1).every("1d").pingedAt(T0).build(), // up
                aToken().id(2).every("1h").pingedAt(T0).build(), // down: due at 11:00, fired at 11:06
                aToken().id(3).every("1h").build(), // new
                aToken().id(4).every("2h").grace("1h").pingedAt(T0).build(), // late: due at 12:00, fires at 13:00
                aToken().id(5).every("30m").pingedAt(T0).build()); // down
        String page = new HeartbeatsPage(new Pages(Clock.fixed(now, ZoneOffset.UTC)))
                .list(list, now, "csrf", "http://127.0.0.1:8000", null, null);
        List<String> order = new ArrayList<>();
        Matcher m = Pattern.compile("<article class=\"hb-card state-(\\w+)\" id=\"hb-(\\d+)\"").matcher(page);
        while (m.find()) {
            order.add(m.group(2) + " " + m.group(1));
        }
        assertEquals(List.of("2 down", "5 down", "4 late", "1 up", "3 new"), order);
    }
}
