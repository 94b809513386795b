package dogdorm.dealer;

import dogdorm.dealer.config.DealerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Addresses;
import dogdorm.common.Json;
import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.action.DigitalOcean;
import dogdorm.dealer.action.Events;
import dogdorm.dealer.action.KeepaliveConfig;
import dogdorm.dealer.action.KeepaliveWatcher;
import dogdorm.dealer.action.Remediation;
import dogdorm.dealer.heartbeat.HeartbeatMetrics;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.http.AdminAuth;
import dogdorm.dealer.http.App;
import dogdorm.dealer.http.Csrf;
import dogdorm.dealer.http.HeartbeatPages;
import dogdorm.dealer.http.ErrorAnswer;
import dogdorm.dealer.http.HeartbeatPings;
import dogdorm.dealer.http.HeartbeatRoutes;
import dogdorm.dealer.http.HeartbeatsApi;
import dogdorm.dealer.http.Saved;
import dogdorm.dealer.http.JsonBody;
import dogdorm.dealer.http.StandbyAnswer;
import dogdorm.dealer.http.StatusApi;
import dogdorm.dealer.http.Views;
import dogdorm.dealer.http.WorkerApi;
import dogdorm.dealer.http.WorkerAuth;
import dogdorm.dealer.flush.FlushAlerts;
import dogdorm.dealer.flush.FlushStatus;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.imports.ListWatcher;
import dogdorm.dealer.metrics.DealerMetrics;
import dogdorm.dealer.notify.Notifier;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.read.History;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.schedule.LeaseSigner;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.postgres.PostgresStore;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.view.HeartbeatsPage;
import dogdorm.dealer.view.ImportsPage;
import dogdorm.dealer.view.Pages;
import dogdorm.dealer.view.ApiPage;
import dogdorm.dealer.view.ErrorPage;
import dogdorm.dealer.view.ServersJson;
import dogdorm.dealer.view.ServersPage;
import dogdorm.dealer.view.TargetPage;
import dogdorm.dealer.view.WorkersPage;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dealer: the one place where everything is wired (store, dealer, periodic duties, HTTP). Tests start
 * it on port 0 with their own clock and store; {@link Main} starts it from the command line.
 */
public final class DealerServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DealerServer.class);

    private final DealerConfig config;
    private final Store store;
    private final Core core;
    private final ReadModel reads;
    private final Heartbeats heartbeats;
    private final Flusher flusher;
    private final ListWatcher lists;
    private final UptimeHistory history;
    private final Notifier notifier;
    private final KeepaliveWatcher keepalive;
    private final ExecutorService actionCalls = Executors.newVirtualThreadPerTaskExecutor();
    private final Periodic periodic = new Periodic();
    private final Javalin http;
    private boolean closed;

    private DealerServer(DealerConfig config, Store store, Clock clock, ServerSocketChannel listener)
            throws StoreException, KeepaliveConfig.Invalid, IOException {
        this.config = config;
        this.store = store;
        ObjectMapper json = Json.newMapper();
        SecureRandom random = new SecureRandom();
        Store.Loaded loaded = store.load();
        this.reads = new ReadModel();
        byte[] sharedKey = store.sharedLeaseKey();
        this.core = new Core(Core.Settings.of(config), clock, random, reads,
                sharedKey != null ? new LeaseSigner(sharedKey) : LeaseSigner.ofDataFolder(config.dataDir()));
        int targets = core.load(loaded.core());
        log.info("loaded {} targets and {} open incidents from the store", targets, core.incidents().openCount());
        this.heartbeats = new Heartbeats(clock, random);
        log.info("loaded {} heartbeat tokens", heartbeats.load(loaded.heartbeats()));
        ActionLog actions = new ActionLog();
        actions.load(loaded.newestActions(), loaded.lastActionId());
        this.notifier = new Notifier(config.notifyUrls(), json, Duration.ofSeconds(10), 4, Duration.ofSeconds(2));
        Outbox outbox = new Outbox(notifier);
        this.flusher = new Flusher(store, core.changes(), heartbeats, actions, outbox, clock,
                Flusher.Settings.every(config.flush()));
        core.onStateChange(flusher::soon);
        heartbeats.onRecorded(flusher::soon);
        outbox.onDelivered(flusher::soon);
        outbox.restore(loaded.undelivered(), loaded.lastEventId());
        Events.wire(core, outbox);
        Events.wireRegional(core, outbox);
        Events.wire(heartbeats, outbox);
        flusher.onFlush(new FlushAlerts(outbox));
        this.lists = new ListWatcher(config.listsDir(), core, config.allowPrivate());
        lists.scan();
        DigitalOcean api = new DigitalOcean(config.digitaloceanApi(),
                DigitalOcean.client(Duration.ofSeconds(10), Duration.ofSeconds(30)), json, 5, Duration.ofSeconds(2),
                Thread::sleep);
        Remediation remediation = new Remediation(new Remediation.Settings(config.rebootAfter(),
                config.rebootCooldown(), config.dryRun(), config.actionPoll(), 60), api, actions,
                () -> flusher.flushNow().ok(), outbox, clock,
                actionCalls);
        core.onCheck(remediation::checked);
        this.keepalive = new KeepaliveWatcher(config.keepalive(), config.keepaliveDir(), core, remediation, json,
                config.allowPrivate());
        keepalive.start();
        this.history = new UptimeHistory(store, clock, Duration.ofMinutes(1));
        History logs = new History(store, core.incidents(), heartbeats, actions);
        Pages pages = new Pages(clock);
        Views views = new Views(core, reads, flusher, new ServersJson(reads, json, clock, Duration.ofSeconds(5),
                config.publishCredentials()),
                new ServersPage(reads, clock, core::counts, lists, pages, history, core.incidents(),
                        () -> flusher.health().ok()),
                new TargetPage(reads, clock, pages, history, logs, core.checks()), new ImportsPage(reads, clock, pages, lists),
                new WorkersPage(core::workers, clock, pages), new ApiPage(pages, clock), json,
                config.publishCredentials());
        DealerMetrics metrics = new DealerMetrics(core, reads, flusher, config.metricsPerTarget());
        HeartbeatMetrics.register(metrics.registry(), heartbeats);
        Supplier<String> self = () -> Addresses.withPort(config.bind(), port());
        JsonBody requests = new JsonBody(Json.newStrictMapper()); // a value of the wrong type is refused
        Csrf csrf = new Csrf(random);
        Saved saved = new Saved(flusher);
        HeartbeatRoutes heartbeatRoutes = new HeartbeatRoutes(new HeartbeatPings(heartbeats),
                new HeartbeatPages(heartbeats, logs, saved, new HeartbeatsPage(pages), csrf, self),
                new HeartbeatsApi(heartbeats, logs, saved, requests, self),
                new AdminAuth(config.adminUser(), config.adminPassword()), csrf);
        this.http = App.create(listener, json, new WorkerAuth(config.workerToken()),
                new WorkerApi(core, requests), views, new StatusApi(reads, logs), logs, metrics,
                heartbeatRoutes, new ErrorAnswer(new ErrorPage(pages)));
        flusher.start();
        periodic.every("lease reaper", Duration.ofSeconds(1), core::expireLeases);
        periodic.every("list scan", config.listScan(), lists::scan);
        periodic.every("uptime roll-up", Duration.ofHours(1), () -> flusher.upkeep("uptime roll-up",
                s -> history.rollUp()));
        periodic.every("keepalive scan", config.listScan(), keepalive::scan);
        periodic.every("heartbeat sweep", config.heartbeatSweep(), heartbeats::sweep);
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
     * migrates it), then everything else; only then are requests served.
     */
    public static DealerServer start(DealerConfig config, StoreOpener opener, Clock clock) throws IOException,
            StoreException, KeepaliveConfig.Invalid {
        KeepaliveWatcher.check(config.keepalive(), config.keepaliveDir(), Json.newMapper(), config.allowPrivate());
        ServerSocketChannel listener = listen(config.bind(), config.port());
        Store early = null;
        if (config.standBy()) {
            // standing by: the port answers 503 (workers move on, health checks see it) until the store is ours
            StandbyAnswer answering = StandbyAnswer.start(listener, "standing by: another dealer leads " + config.store()
                    + "; this one takes over when it is gone");
            log.info("dealer standing by on http://{} (503 until it leads)",
                    Addresses.withPort(config.bind(), ((InetSocketAddress) listener.getLocalAddress()).getPort()));
            try {
                early = opener.open(config.dataDir());
            } catch (StoreException | RuntimeException e) {
                listener.close();
                throw e;
            } finally {
                answering.stop();
            }
        }
        Store store = early;
        DealerServer s;
        try {
            if (store == null) {
                store = opener.open(config.dataDir());
            }
            s = new DealerServer(config, store, clock, listener);
        } catch (StoreException | KeepaliveConfig.Invalid | IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            listener.close();
            throw e;
        }
        s.http.start();
        log.info("dealer listening on http://{}/servers", Addresses.withPort(config.bind(), s.port()));
        return s;
    }

    /** Takes the port: a port in use stops the start here, before the data folder is touched. */
    private static ServerSocketChannel listen(String bind, int port) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(new InetSocketAddress(bind, port), 1024);
            return ch;
        } catch (IOException e) {
            ch.close();
            String why = e instanceof BindException ? "the address is in use (another program, or another dealer, "
                    + "listens there: pick another --port)" : e.getMessage();
            throw new IOException("cannot listen on " + Addresses.withPort(bind, port) + ": " + why, e);
        }
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return "http://" + Addresses.withPort(config.bind(), port());
    }

    public Core core() {
        return core;
    }

    public ReadModel reads() {
        return reads;
    }

    public ListWatcher lists() {
        return lists;
    }

    public UptimeHistory history() {
        return history;
    }

    public Heartbeats heartbeats() {
        return heartbeats;
    }

    public Flusher flusher() {
        return flusher;
    }

    public Store store() {
        return store;
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
        http.stop();
        periodic.close();
        actionCalls.shutdown();
        core.changes().takeAllChecksNext();
        FlushStatus s = flusher.stop();
        notifier.close();
        store.close();
        if (s.ok()) {
            log.info("final flush: {} rows in {} ms", s.rows(), s.millis());
            return true;
        }
        log.error("final flush failed ({}): not stored: {}", s.error(), flusher.health().waiting());
        return false;
    }

    @Override
    public void close() {
        stop();
    }
}
