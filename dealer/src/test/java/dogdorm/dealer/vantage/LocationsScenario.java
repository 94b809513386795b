package dogdorm.dealer.vantage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.worker.peers.Iptables;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The scene {@link MultiLocationIT} runs inside a network namespace of its own, as root: a dealer ({@code --vantage
 * 3}, 2 s interval), two loopback TCP targets, and three real worker processes in three locations, each as its own
 * user (uids 10001-10003), so iptables {@code -m owner --uid-owner} rules can cut one location off from a port. It
 * prints {@code result.*=...} lines for the test to check and exits 0; any step that does not happen in time exits
 * 1 saying which.
 */
public final class LocationsScenario {
    static final int DEALER = 18_000;
    static final int NAS = 18_080;
    static final int PRINTER = 18_081;
    private static final String[] LOCATIONS = {"ams", "nyc", "sin"};
    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocationsScenario() {}

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(240_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("result.error=the scenario took over 240 s");
            System.exit(1);
        });
        Path dir = Files.createTempDirectory("dogdorm-locations");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = dir.resolve("worker.jar");
        Files.copy(Path.of(args[0]), jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1," + NAS + ",nas.test\n127.0.0.1," + PRINTER
                + ",printer.test\n");
        List<ServerSocket> targets = List.of(Iptables.acceptAndClose(NAS), Iptables.acceptAndClose(PRINTER));
        DealerConfig cfg = DealerConfig.builder(dir.resolve("data"), lists).port(DEALER).allowPrivate(true)
                .interval(Duration.ofSeconds(2)).spread(Duration.ofSeconds(1)).retryInterval(Duration.ofSeconds(1))
                .leaseTimeout(Duration.ofSeconds(15)).vantage(3).build();
        List<Process> workers = new ArrayList<>();
        try (DealerServer dealer = DealerServer.start(cfg)) {
            for (int i = 0; i < LOCATIONS.length; i++) {
                workers.add(worker(jar, LOCATIONS[i], 10_001 + i, dir));
            }
            // every location sees both targets up
            until("three locations vote on nas", 90, () -> vantageOf(NAS).path("locations").size() == 3
                    && "up".equals(target(NAS).path("state").asText()));

            // ams cannot reach nas: a regional problem
            Iptables.run("-A", "OUTPUT", "-p", "tcp", "--dport", String.valueOf(NAS), "-m", "owner", "--uid-owner",
                    "10001", "-j", "REJECT", "--reject-with", "tcp-reset");
            until("nas regional in ams", 60, () -> texts(target(NAS).path("regional")).equals(List.of("ams")));
            System.out.println("result.regional=" + texts(target(NAS).path("regional")));
            System.out.println("result.state_one_cut=" + target(NAS).path("state").asText());
            System.out.println("result.incidents_one_cut=" + incidents("nas.test"));

            // nyc cannot either: two of three, an outage
            Iptables.run("-A", "OUTPUT", "-p", "tcp", "--dport", String.valueOf(NAS), "-m", "owner", "--uid-owner",
                    "10002", "-j", "REJECT", "--reject-with", "tcp-reset");
            until("nas down", 60, () -> "down".equals(target(NAS).path("state").asText()));
            Thread.sleep(5_000); // a few more rounds: still one incident
            System.out.println("result.state_two_cut=" + target(NAS).path("state").asText());
            System.out.println("result.incidents_two_cut=" + incidents("nas.test"));
            System.out.println("result.printer_two_cut=" + target(PRINTER).path("state").asText());
            System.out.println("result.all_healthy_two_cut=" + get("/api/workers").path("workers")
                    .findValues("healthy").stream().allMatch(JsonNode::asBoolean));

            // ams and nyc reach it again; sin's network breaks: it reports everything down
            Iptables.run("-F", "OUTPUT");
            long broken = System.nanoTime();
            for (int port : new int[] {NAS, PRINTER}) {
                Iptables.run("-A", "OUTPUT", "-p", "tcp", "--dport", String.valueOf(port), "-m", "owner", "--uid-owner",
                        "10003", "-j", "REJECT", "--reject-with", "tcp-reset");
            }
            until("w-sin rated unhealthy", 90, () -> !worker("w-sin").path("healthy").asBoolean(true));
            System.out.println("result.unhealthy_after_s=" + (System.nanoTime() - broken) / 1_000_000_000);
            System.out.println("result.sin_why=" + worker("w-sin").path("why").asText());
            until("nas up again", 60, () -> "up".equals(target(NAS).path("state").asText()));
            Thread.sleep(5_000);
            System.out.println("result.nas_after=" + target(NAS).path("state").asText()
                    + " regional " + texts(target(NAS).path("regional")));
            System.out.println("result.printer_after=" + target(PRINTER).path("state").asText()
                    + " regional " + texts(target(PRINTER).path("regional")));
            System.out.println("result.ams_healthy=" + worker("w-ams").path("healthy").asBoolean());
            System.out.println("result.incidents_after=" + incidents("nas.test"));
        } finally {
            for (Process w : workers) {
                w.destroy();
                if (!w.waitFor(10, TimeUnit.SECONDS)) w.destroyForcibly();
            }
            for (ServerSocket s : targets) s.close();
        }
        System.exit(0);
    }

    private static Process worker(Path jar, String location, int uid, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", java,
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-jar", jar.toString(), "--dealer", "http://127.0.0.1:" + DEALER, "--location", location, "--name",
                "w-" + location, "--kinds", "tcp", "--families", "4", "--lanes", "4")
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker-" + location + ".log").toFile())
                .start();
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    private static void until(String what, int seconds, Check c) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (c.ok()) return;
            Thread.sleep(250);
        }
        System.out.println("result.error=not within " + seconds + " s: " + what + "; targets: "
                + get("/api/targets") + "; workers: " + get("/api/workers"));
        System.exit(1);
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + DEALER + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private static JsonNode target(int port) throws Exception {
        return first(get("/api/targets").path("targets"), t -> t.path("port").asInt() == port);
    }

    private static JsonNode vantageOf(int port) throws Exception {
        return get("/api/targets/" + target(port).path("id").asLong() + "/vantage");
    }

    private static JsonNode worker(String name) throws Exception {
        return first(get("/api/workers").path("workers"), w -> w.path("name").asText().equals(name));
    }

    private static JsonNode first(JsonNode array, Predicate<JsonNode> p) {
        for (JsonNode n : array) {
            if (p.test(n)) return n;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** How many incidents the target named {@code name} has had (open or closed). */
    private static int incidents(String name) throws Exception {
        return get("/status/service/" + name + "/incidents").size();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
