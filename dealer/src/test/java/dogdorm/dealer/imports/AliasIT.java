package dogdorm.dealer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.testkit.Closer;
import dogdorm.dealer.testkit.Eventually;
import dogdorm.dealer.testkit.Http;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.peers.Dnsmasq;
import dogdorm.worker.probe.DnsResolver;
import dogdorm.worker.probe.Probes;
import dogdorm.worker.run.ProbeRunner;
import dogdorm.worker.run.Worker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A name served by a real dnsmasq moves to a new address; a real worker resolves it and checks the target. */
class AliasIT {
    private static final String NAME = "mover.test";
    @TempDir
    Path dir;
    @AutoClose
    final Closer closer = new Closer();
    private final ObjectMapper json = Json.newMapper();

    private JsonNode target(Http http) {
        try {
            return json.readTree(http.get("/api/targets").body()).get("targets").get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode alias(Http http) {
        try {
            return json.readTree(http.get("/api/imports").body()).get("aliases").get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_working_target_keeps_its_address_and_follows_the_name_once_down_longer_than_the_alias_downtime()
            throws Exception {
        Dnsmasq dns = Dnsmasq.start();
        closer.keep(dns);
        dns.setAddresses(NAME, "127.0.0.1");
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        closer.keep(first);
        int port = first.getLocalPort();
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "0," + port + "," + NAME + "\n");
        DealerServer server = DealerServer.start(DealerConfig.builder(dir.resolve("data"), lists).port(0)
                .allowPrivate(true).interval(Duration.ofMillis(500)).spread(Duration.ofMillis(100))
                .aliasInterval(Duration.ofMillis(300)).aliasDowntime(Duration.ofSeconds(3))
                .retryInterval(Duration.ofMillis(300)).build());
        closer.keep(server);
        Worker worker = new Worker(new Worker.Settings("aliases", null, List.of(4), List.of(Kind.TCP, Kind.RESOLVE),
                4, Duration.ofMillis(500), 10_000), new DealerClient(server.url(), null, json),
                new ProbeRunner(Probes.standard(DnsResolver.at(dns.resolverV4(), Duration.ofSeconds(2)))),
                new Random());
        worker.start();
        closer.keep(() -> worker.stop(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        Http http = new Http(server.url());

        Eventually.until(Duration.ofSeconds(15), () -> "up at 127.0.0.1: " + target(http), () -> {
            JsonNode t = target(http);
            return "127.0.0.1".equals(t.get("ip").asText()) && t.get("state").asText().equals("up");
        });

        // the name moves while the server still works at the old address: the target stays
        dns.setAddresses(NAME, "127.0.0.2");
        Eventually.until(Duration.ofSeconds(10), () -> "alias moved: " + alias(http),
                () -> "127.0.0.2".equals(alias(http).get("current").asText()));
        long checks = target(http).get("checks").asLong();
        Eventually.until(Duration.ofSeconds(10), "more checks", () -> target(http).get("checks").asLong() > checks + 2);
        JsonNode stayed = target(http);
        assertEquals("127.0.0.1", stayed.get("ip").asText(), "a working target does not flap to the new address");
        assertEquals("up", stayed.get("state").asText());

        // the server moves: the target fails at the old address, then follows the name after the downtime
        ServerSocket second = new ServerSocket();
        closer.keep(second);
        second.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
        first.close();
        long downSince = System.nanoTime();
        Eventually.until(Duration.ofSeconds(10), () -> "down: " + target(http),
                () -> target(http).get("state").asText().equals("down"));
        assertEquals("127.0.0.1", target(http).get("ip").asText(), "just down: not moved yet");
        Eventually.until(Duration.ofSeconds(20), () -> "followed: " + target(http), () -> {
            JsonNode t = target(http);
            return "127.0.0.2".equals(t.get("ip").asText()) && t.get("state").asText().equals("up");
        });
        long movedAfterMs = (System.nanoTime() - downSince) / 1_000_000;
        assertTrue(movedAfterMs >= 2_500, "moved after " + movedAfterMs + " ms, before the 3 s alias downtime");
        JsonNode a = alias(http);
        assertEquals(2, a.get("addresses").size(), a.toString());
        assertEquals("127.0.0.1", a.get("addresses").get(0).get("address").asText());
        assertEquals("127.0.0.2", a.get("addresses").get(1).get("address").asText());
        assertTrue(http.get("/targets/" + target(http).get("id").asLong()).body().contains("127.0.0.2 (in use)"));
    }
}
