package dogdorm.dealer;

import dogdorm.dealer.config.DealerConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.probe.Resolver;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real dealer and a real worker on loopback checking real listening and closed ports. */
class EndToEndIT {
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();
    private final ObjectMapper json = Json.newMapper();

    private int listening() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closer.keep(s);
        return s.getLocalPort();
    }

    private static int closed() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Worker worker(DealerServer server) {
        Worker w = new Worker(new Worker.Settings("e2e", "test", List.of(4, 6), List.of(Kind.TCP), 8,
                Duration.ofSeconds(1), 10_000), new DealerClient(server.url(), null, json),
                new ProbeRunner(Probes.standard(Resolver.system())), new Random());
        w.start();
        closer.keep(() -> w.stop(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        return w;
    }

    @Test
    void listening_ports_show_up_ranked_above_closed_ones_and_new_lists_are_picked_up() throws Exception {
        int up1 = listening(), up2 = listening(), down1 = closed(), down2 = closed();
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "# loopback test servers\n"
                + "127.0.0.1," + down1 + ",closed-one.test\n"
                + "127.0.0.1," + up1 + ",open-one.test\n"
                + "127.0.0.1," + down2 + "\r\n"
                + "127.0.0.1," + up2);
        DealerServer server = DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0)
                .allowPrivate(true).interval(Duration.ofSeconds(2)).spread(Duration.ofMillis(300)).build());
        closer.keep(server);
        worker(server);
        Http http = new Http(server.url());

        Eventually.until(Duration.ofSeconds(15), () -> "all four checked twice: " + http.get("/api/targets").body(),
                () -> {
                    JsonNode ts = tree(http.get("/api/targets").body()).get("targets");
                    int done = 0;
                    for (JsonNode t : ts) done += t.get("checks").asInt() >= 2 ? 1 : 0;
                    return done == 4;
                });
        JsonNode groups = tree(http.get("/servers.json").body()).get("TCP").get("IPv4").get("TCP");
        assertEquals(4, groups.size());
        List<Integer> order = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (JsonNode g : groups) {
            order.add(g.get(0).get("port").asInt());
            states.add(g.get(0).get("state").asText());
        }
        assertEquals(List.of("up", "up", "down", "down"), states, "ranked: " + order);
        assertTrue(order.subList(0, 2).containsAll(List.of(up1, up2)));
        assertTrue(tree(http.get("/servers.json").body()).get("timestamp").asLong() > 1_700_000_000L);
        JsonNode refused = groups.get(3).get(0);
        assertEquals("connection refused", refused.get("last_error").asText());

        String page = http.get("/servers").body();
        assertTrue(page.contains("open-one.test") && page.contains("closed-one.test"));
        // the rows' own names (each row also lists the other names on 127.0.0.1), in the ranking: the open
        // incidents above it name the closed one first (down from its first checks is an outage too)
        String ranking = page.substring(page.indexOf("<table"));
        assertTrue(ranking.indexOf(">open-one.test</a>") < ranking.indexOf(">closed-one.test</a>"),
                "up ranked above down");
        String incidents = page.substring(page.indexOf("id=\"open-incidents\""), page.indexOf("<table"));
        assertTrue(incidents.contains("closed-one.test") && !incidents.contains("open-one.test"), incidents);
        assertTrue(page.contains("127.0.0.1:" + up2));
        assertTrue(http.get("/servers?family=6").body().contains("No targets match these filters"));

        // a list dropped in while running is picked up without a restart
        int up6;
        try {
            ServerSocket s6 = new ServerSocket(0, 50, InetAddress.getByName("::1"));
            closer.keep(s6);
            up6 = s6.getLocalPort();
        } catch (IOException noIpv6) {
            return;
        }
        Files.writeString(lists.resolve("tcp_v6.csv"), "::1," + up6 + ",six.test\n");
        Eventually.until(Duration.ofSeconds(10), "the new IPv6 list checked", () -> {
            JsonNode v6 = tree(http.get("/servers.json").body()).path("TCP").path("IPv6").path("TCP");
            return v6.size() == 1 && v6.get(0).get(0).get("state").asText().equals("up");
        });
    }

    private JsonNode tree(String s) {
        try {
            return json.readTree(s);
        } catch (IOException e) {
            throw new AssertionError(s, e);
        }
    }
}
