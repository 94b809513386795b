package dogdorm.dealer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dogdorm.common.Json;
import dogdorm.common.Kind;
import dogdorm.common.wire.WorkRequest;
import dogdorm.dealer.DealerServer;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.store.MemoryStore;
import dogdorm.dealer.testkit.MutableClock;
import dogdorm.worker.client.DealerClient;
import dogdorm.worker.client.DealerException;
import dogdorm.worker.client.NotADealer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker given several dealers ({@code --dealer A,B}) uses the one that answers: it passes over one that is down
 * or answers 503, follows a redirect to another listed dealer, and never follows one to an unlisted host. A URL that
 * answers 404 to the worker API (a page's URL) is passed over, and when every listed URL does, the call is refused
 * with the base URL to give instead.
 */
class WorkerFollowsIT {
    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.at("2026-12-05T10:00:00Z");

    private DealerServer dealer(String name) throws Exception {
        Path lists = Files.createDirectories(dir.resolve(name + "-lists"));
        Files.writeString(lists.resolve("tcp_v4.csv"), "127.0.0.1,8080\n");
        return DealerServer.start(DealerConfig.builder(dir.resolve(name + "-data"), lists).port(0)
                .allowPrivate(true).spread(Duration.ofSeconds(1)).build(), new MemoryStore(), clock);
    }

    private static WorkRequest ask() {
        return new WorkRequest("w1", null, List.of(4), List.of(Kind.TCP), 10, 0);
    }

    /** A stand-in for a dealer that does not lead: answers every request with {@code status} and a Location. */
    private static HttpServer notLeading(int status, String location, AtomicInteger asked) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            asked.incrementAndGet();
            if (location != null) ex.getResponseHeaders().add("Location", location + "/api/work");
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    @Test
    void a_dealer_that_is_down_or_not_leading_is_passed_over_and_the_one_that_answers_is_kept() throws Exception {
        try (DealerServer a = dealer("a"); DealerServer b = dealer("b")) {
            clock.advance(Duration.ofSeconds(2));
            DealerClient client = new DealerClient(a.url() + "," + b.url(), null, Json.newMapper());
            try {
                assertEquals(1, client.work(ask()).size());
                assertEquals(a.url() + "/", client.base());
                a.stop();
                assertEquals(1, client.work(ask()).size(), "b answers while a is down");
                assertEquals(b.url() + "/", client.base(), "and is asked first from now on");
            } finally {
                client.close();
            }
            AtomicInteger asked = new AtomicInteger();
            HttpServer busy = notLeading(503, null, asked);
            DealerClient viaBusy = new DealerClient("http://127.0.0.1:" + busy.getAddress().getPort() + ","
                    + b.url(), null, Json.newMapper());
            try {
                viaBusy.work(ask());
                assertEquals(1, asked.get(), "a 503 passes the request on");
                assertEquals(b.url() + "/", viaBusy.base());
            } finally {
                viaBusy.close();
                busy.stop(0);
            }
        }
    }

    @Test
    void a_redirect_is_followed_to_a_listed_dealer_only() throws Exception {
        try (DealerServer b = dealer("b")) {
            clock.advance(Duration.ofSeconds(2));
            AtomicInteger asked = new AtomicInteger();
            HttpServer follower = notLeading(307, b.url(), asked);
            String followerUrl = "http://127.0.0.1:" + follower.getAddress().getPort();
            DealerClient client = new DealerClient(followerUrl + "," + b.url(), "s3cret-token", Json.newMapper());
            try {
                // b has no token set and serves loopback: the token is simply not needed there
                assertEquals(1, client.work(ask()).size());
                assertEquals(b.url() + "/", client.base());
            } finally {
                client.close();
            }

            AtomicInteger strangerAsked = new AtomicInteger();
            HttpServer stranger = notLeading(200, null, strangerAsked);
            HttpServer misleading = notLeading(307, "http://127.0.0.1:" + stranger.getAddress().getPort(), asked);
            DealerClient alone = new DealerClient("http://127.0.0.1:" + misleading.getAddress().getPort() + ","
                    + followerUrl, "s3cret-token", Json.newMapper());
            try {
                DealerException e = assertThrows(DealerException.class, () -> alone.work(ask()));
                assertTrue(e.getMessage().contains("which is not one of --dealer: not followed"), e.getMessage());
                assertEquals(0, strangerAsked.get(), "the unlisted host never saw the request or its token");
            } finally {
                alone.close();
                misleading.stop(0);
                stranger.stop(0);
                follower.stop(0);
            }
        }
    }

    @Test
    void a_page_url_given_as_the_dealer_is_refused_naming_the_base_url_to_give() throws Exception {
        try (DealerServer a = dealer("a")) {
            clock.advance(Duration.ofSeconds(2));
            // the URL bin/dogdorm up prints, given as --dealer
            DealerClient client = new DealerClient(a.url() + "/servers", null, Json.newMapper());
            try {
                NotADealer e = assertThrows(NotADealer.class, () -> client.work(ask()));
                assertEquals(a.url() + "/servers answers 404 (not found) to POST /api/work: that is not a dealer's "
                        + "base URL; give --dealer " + a.url(), e.getMessage());
                assertEquals(0, a.core().counts().leased(), "nothing was dealt");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void a_listed_url_that_answers_404_is_passed_over_and_only_all_of_them_failing_is_refused() throws Exception {
        try (DealerServer a = dealer("a"); DealerServer b = dealer("b")) {
            clock.advance(Duration.ofSeconds(2));
            DealerClient client = new DealerClient(a.url() + "/servers," + b.url(), null, Json.newMapper());
            try {
                assertEquals(1, client.work(ask()).size(), "b answers the worker API");
                assertEquals(b.url() + "/", client.base());
            } finally {
                client.close();
            }
            DealerClient neither = new DealerClient(a.url() + "/servers," + b.url() + "/imports", null,
                    Json.newMapper());
            try {
                NotADealer e = assertThrows(NotADealer.class, () -> neither.work(ask()));
                assertEquals("no --dealer URL serves the worker API: " + a.url() + "/servers answers 404 (not found) "
                        + "to POST /api/work: that is not a dealer's base URL; give --dealer " + a.url() + "; "
                        + b.url() + "/imports answers 404 (not found) to POST /api/work: that is not a dealer's "
                        + "base URL; give --dealer " + b.url(), e.getMessage());
            } finally {
                neither.close();
            }
        }
    }
}
