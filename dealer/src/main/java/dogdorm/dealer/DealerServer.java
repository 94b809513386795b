package dogdorm.dealer;

import dogdorm.common.Addresses;
import dogdorm.common.Durations;
import dogdorm.common.Json;
import dogdorm.dealer.action.KeepaliveConfig;
import dogdorm.dealer.action.KeepaliveWatcher;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.http.App;
import dogdorm.dealer.http.Csrf;
import dogdorm.dealer.http.ErrorAnswer;
import dogdorm.dealer.http.RequestFailures;
import dogdorm.dealer.http.Routes;
import dogdorm.dealer.http.StandbyGate;
import dogdorm.dealer.imports.ListWatcher;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.view.ErrorPage;
import dogdorm.dealer.view.Pages;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dealer process: the port, the HTTP server, and the {@link Dealer} behind them, the one place where
 * everything is wired. Tests start it on port 0 with their own clock and store; {@link Main} starts it from the
 * command line. A dealer standing by ({@code --standby}) serves its port at once: 503 naming the leader, then a
 * read-only copy of the database rebuilt every flush interval, until the database's writer lock is its own and it
 * loads and leads on the same port.
 */
public final class DealerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DealerServer.class);

    private final DealerConfig config;
    private final Clock clock;
    private final Pages pages;
    private final Csrf csrf = new Csrf(new SecureRandom());
    private final Javalin http;
    private final Periodic following = new Periodic();
    private volatile Routes routes;
    private volatile Dealer dealer;
    private volatile Dealer copy;
    private volatile String notice;
    private StandbyGate gate;
    private PostgresStore reader;
    private boolean copyFailing;
    private long nextCopyAt = System.nanoTime();
    private boolean started;
    private boolean closed;

    private DealerServer(DealerConfig config, Clock clock, ServerSocketChannel listener) {
        this.config = config;
        this.clock = clock;
        this.pages = new Pages(clock, Map.of("remediationDryRun", config.dryRun()), this::notice);
        ErrorAnswer errors = new ErrorAnswer(new ErrorPage(pages));
        this.http = App.create(listener, Json.newMapper(), () -> routes, errors, new RequestFailures(errors, clock));
    }

    /** Opens a store over a data folder (the SQLite store, or a test's). */
    @FunctionalInterface
    public interface StoreOpener {
        Store open(Path dataDir) throws StoreException;
    }

    /** Opens the store (SQLite under the data folder, or the PostgreSQL database of --store) and starts. */
    public static DealerServer start(DealerConfig config) throws IOException, StoreException,
            KeepaliveConfig.Invalid {
        return start(config, config.store() == null ? SqliteStore::new
                : dir -> new PostgresStore(config.store(), config.storePassword(), config.standBy()),
                Clock.systemUTC());
    }

    /** Starts on a store the caller made (tests: a memory store). */
    public static DealerServer start(DealerConfig config, Store store, Clock clock) throws IOException,
            StoreException, KeepaliveConfig.Invalid {
        try {
            return start(config, dir -> store, clock);
        } catch (IOException | StoreException | KeepaliveConfig.Invalid | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Starts in an order that leaves the data folder untouched by a start that fails: the keepalive configs are
     * checked and the port is taken first, then the store is opened (it locks the folder, checks the database and
     * migrates it), then everything else; only then are requests served. Standing by, the port is served from the
     * start (503, then the read-only copy) and this returns once the dealer leads.
     */
    public static DealerServer start(DealerConfig config, StoreOpener opener, Clock clock) throws IOException,
            StoreException, KeepaliveConfig.Invalid {
        KeepaliveWatcher.check(config.keepalive(), config.keepaliveDir(), Json.newMapper(), config.allowPrivate());
        ServerSocketChannel listener = listen(config.bind(), config.port());
        DealerServer s = new DealerServer(config, clock, listener);
        Store store = null;
        try {
            if (config.standBy()) {
                s.standBy();
            }
            store = opener.open(config.dataDir());
            s.lead(store);
        } catch (StoreException | KeepaliveConfig.Invalid | IOException | RuntimeException e) {
            if (store != null && s.dealer == null) {
                store.close();
            }
            s.stop();
            listener.close();
            throw e;
        }
        log.info("dealer listening on http://{}/servers", Addresses.withPort(config.bind(), s.port()));
        try {
            s.dealer.store().announce(s.advertisedUrl());
        } catch (StoreException e) {
            log.warn("{}: dealers standing by will not name this one", e.getMessage());
        }
        return s;
    }

    /**
     * Serves the port while another dealer leads: 503 naming it at first, then a read-only copy of the database,
     * built again every flush interval (a copy that cannot be read leaves the last one, or the 503, in place).
     */
    private void standBy() {
        Supplier<String> leader = () -> PostgresStore.leader(config.store(), config.storePassword());
        gate = StandbyGate.refusingAll("standing by: another dealer leads " + config.store()
                + "; this one takes over when it is gone", leader);
        routes = Routes.onlyGate(gate);
        startHttp();
        log.info("dealer standing by on {} (503 until it leads; a read-only copy of the database meanwhile)",
                advertisedUrl());
        PostgresStore reader;
        try {
            reader = PostgresStore.reader(config.store(), config.storePassword());
        } catch (StoreException e) {
            log.warn("standing by without a read-only copy: {}", e.getMessage());
            return;
        }
        this.reader = reader;
        refreshCopy();
        following.every("read-only copy", config.flush(), this::refreshCopy);
    }

    /**
     * Builds a new read-only copy and serves it (a dealer standing by, every flush interval, but never more than a
     * fifth of the time: a copy of many targets takes seconds to load, and standing by must not keep a core busy).
     */
    private void refreshCopy() {
        long began = System.nanoTime();
        if (began - nextCopyAt < 0) {
            return;
        }
        try {
            Dealer next = Dealer.follow(config, reader, clock, pages, csrf, this::selfAddress);
            nextCopyAt = System.nanoTime() + 4 * (System.nanoTime() - began);
            Dealer old = copy;
            copy = next;
            String leader = gate.leader();
            notice = "A read-only copy of the database as of " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + ": this dealer "
                    + "stands by" + (leader == null ? "" : "; the leading dealer answers at " + leader) + ".";
            routes = next.routes().gated(gate.servingCopy());
            if (old != null) {
                old.discard();
            }
            copyFailing = false;
        } catch (StoreException | RuntimeException e) {
            if (!copyFailing) {
                log.warn("standing by: the read-only copy is not refreshed ({}); tried again every {}",
                        e.getMessage(), Durations.format(config.flush()));
            }
            copyFailing = true;
        }
    }

    /** Loads everything from {@code store} and leads: the routes become the leading dealer's, the duties start. */
    private void lead(Store store) throws StoreException, KeepaliveConfig.Invalid, IOException {
        following.close();
        Dealer leading = Dealer.lead(config, store, clock, pages, csrf, this::selfAddress);
        dealer = leading;
        notice = null;
        routes = leading.routes();
        leading.start();
        if (copy != null) {
            copy.discard();
            copy = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        startHttp();
    }

    private synchronized void startHttp() {
        if (!started) {
            started = true;
            http.start();
        }
    }

    /** What the pages say above their content: that they show a read-only copy; null on the leading dealer. */
    private String notice() {
        return notice;
    }

    private String selfAddress() {
        return Addresses.withPort(config.bind(), port());
    }

    /** Takes the port: a port in use stops the start here, before the data folder is touched. */
    private static ServerSocketChannel listen(String bind, int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(new InetSocketAddress(bind, port), 1024);
            return ch;
        } catch (IOException e) {
            ch.close();
            String why = e.getMessage();
            if (e instanceof BindException && String.valueOf(why).contains("in use")) {
                why = "the address is in use (another program, or another dealer, listens there: pick another --port)";
            } else if (e instanceof BindException) {
                // what an address of another machine gets: "Cannot assign requested address"
                why = why + " (is --bind " + bind + " an address of this machine?)";
            }
            throw new IOException("cannot listen on " + Addresses.withPort(bind, port) + ": " + why, e);
        }
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return "http://" + Addresses.withPort(config.bind(), port());
    }

    /**
     * Where workers and people reach this dealer: {@code --url}, else the bound address and port (the host's name
     * when bound to every interface, where the address says nothing).
     */
    public String advertisedUrl() {
        if (config.url() != null) {
            return config.url().toString();
        }
        try {
            if (Addresses.isLiteral(config.bind()) && InetAddress.getByName(config.bind()).isAnyLocalAddress()) {
                return "http://" + Addresses.withPort(InetAddress.getLocalHost().getHostName(), port());
            }
        } catch (UnknownHostException e) {
            // a literal is not looked up; the host's own name may not be known: the bound address then
        }
        return url();
    }

    public Core core() {
        return dealer.core();
    }

    public ReadModel reads() {
        return dealer.reads();
    }

    public ListWatcher lists() {
        return dealer.lists();
    }

    public UptimeHistory history() {
        return dealer.history();
    }

    public Heartbeats heartbeats() {
        return dealer.heartbeats();
    }

    public Flusher flusher() {
        return dealer.flusher();
    }

    public Store store() {
        return dealer.store();
    }

    /**
     * Stops taking requests, stops the periodic duties, stores what changed and closes the store. Returns whether
     * everything was stored; when not, the log says what was lost.
     */
    public synchronized boolean stop() {
        if (closed) {
            return true;
        }
        closed = true;
        if (started) {
            http.stop();
        }
        following.close();
        if (copy != null) {
            copy.discard();
        }
        if (reader != null) {
            reader.close();
        }
        return dealer == null || dealer.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
