package dogdorm.dealer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Addresses;
import dogdorm.common.Json;
import dogdorm.dealer.action.DigitalOcean;
import dogdorm.dealer.action.Events;
import dogdorm.dealer.action.KeepaliveConfig;
import dogdorm.dealer.action.KeepaliveWatcher;
import dogdorm.dealer.action.Notifier;
import dogdorm.dealer.action.Remediation;
import dogdorm.dealer.heartbeat.HeartbeatMetrics;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.http.AdminAuth;
import dogdorm.dealer.http.App;
import dogdorm.dealer.http.Csrf;
import dogdorm.dealer.http.HeartbeatPages;
import dogdorm.dealer.http.HeartbeatPings;
import dogdorm.dealer.http.HeartbeatRoutes;
import dogdorm.dealer.http.HeartbeatsApi;
import dogdorm.dealer.http.JsonBody;
import dogdorm.dealer.http.StatusApi;
import dogdorm.dealer.http.Views;
import dogdorm.dealer.http.WorkerApi;
import dogdorm.dealer.http.WorkerAuth;
import dogdorm.dealer.imports.ListWatcher;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.metrics.DealerMetrics;
import dogdorm.dealer.ranking.UptimeHistory;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.sqlite.SqliteStore;
import dogdorm.dealer.view.HeartbeatsPage;
import dogdorm.dealer.view.ImportsPage;
import dogdorm.dealer.view.Pages;
import dogdorm.dealer.view.ServersJson;
import dogdorm.dealer.view.ServersPage;
import dogdorm.dealer.view.TargetPage;
import io.javalin.Javalin;
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
    private final Dealer dealer;
    private final ListWatcher lists;
    private final IncidentLog incidents;
    private final UptimeHistory history;
    private final Notifier notifier;
    private final KeepaliveWatcher keepalive;
    private final ExecutorService actionCalls =
            Executors.newVirtualThreadPerTaskExecutor();
    private final Heartbeats heartbeats;
    private final Periodic periodic = new Periodic();
    private final Javalin http;
    private boolean closed;

    private DealerServer(DealerConfig config, Store store, Clock clock) throws StoreException,
            KeepaliveConfig.Invalid {
        this.config = config;
        this.store = store;
        ObjectMapper json = Json.newMapper();
        SecureRandom random = new SecureRandom();
        this.dealer = new Dealer(Dealer.Settings.of(config), store, clock, random);
        int loaded = dealer.load();
        this.incidents = new IncidentLog(store, dealer::persistNow);
        int openIncidents = incidents.load();
        dealer.listen(incidents);
        log.info("loaded {} targets and {} open incidents from the store", loaded, openIncidents);
        this.heartbeats = new Heartbeats(store, clock, random);
        log.info("loaded {} heartbeat tokens", heartbeats.load());
        this.lists = new ListWatcher(config.listsDir(), dealer, config.allowPrivate());
        lists.scan();
        this.notifier = new Notifier(config.notifyUrls(), json, Duration.ofSeconds(10), 4, Duration.ofSeconds(2));
        Events.wire(dealer, notifier);
        Events.wire(heartbeats, notifier);
        DigitalOcean api = new DigitalOcean(config.digitaloceanApi(),
                DigitalOcean.client(Duration.ofSeconds(10), Duration.ofSeconds(30)), json, 5, Duration.ofSeconds(2),
                Thread::sleep);
        Remediation remediation = new Remediation(new Remediation.Settings(config.rebootAfter(), config.rebootCooldown(),
                config.dryRun(), config.actionPoll(), 60), api, store, notifier, clock, actionCalls);
        dealer.onCheck(remediation::checked);
        this.keepalive = new KeepaliveWatcher(config.keepalive(), config.keepaliveDir(), dealer, remediation, json,
                config.allowPrivate());
        keepalive.start();
        this.history = new UptimeHistory(store, clock, Duration.ofMinutes(1));
        Pages pages = new Pages();
        Views views = new Views(dealer, new ServersJson(dealer, json, clock, Duration.ofSeconds(5)),
                new ServersPage(dealer, lists, pages, history, incidents),
                new TargetPage(dealer, pages, history, incidents, store), new ImportsPage(dealer, pages, lists), json,
                config.publishCredentials());
        DealerMetrics metrics = new DealerMetrics(dealer, incidents, config.metricsPerTarget());
        HeartbeatMetrics.register(metrics.registry(), heartbeats);
        Supplier<String> self = () -> Addresses.withPort(config.bind(), port());
        JsonBody requests = new JsonBody(Json.newStrictMapper()); // a value of the wrong type is refused
        Csrf csrf = new Csrf(random);
        HeartbeatRoutes heartbeatRoutes = new HeartbeatRoutes(new HeartbeatPings(heartbeats),
                new HeartbeatPages(heartbeats, new HeartbeatsPage(pages), csrf, self),
                new HeartbeatsApi(heartbeats, requests, self),
                new AdminAuth(config.adminUser(), config.adminPassword()), csrf);
        this.http = App.create(json, new WorkerAuth(config.workerToken()),
                new WorkerApi(dealer, requests), views, new StatusApi(dealer, incidents), store, metrics,
                heartbeatRoutes);
        periodic.every("lease reaper", Duration.ofSeconds(1), dealer::expireLeases);
        periodic.every("flush", config.flush(), () -> {
            dealer.flush();
            incidents.retryPending();
            heartbeats.flush();
        });
        periodic.every("list scan", config.listScan(), lists::scan);
        periodic.every("uptime roll-up", Duration.ofHours(1), history::rollUp);
        periodic.every("keepalive scan", config.listScan(), keepalive::scan);
        periodic.every("heartbeat sweep", config.heartbeatSweep(), heartbeats::sweep);
    }

    /** Opens the store under the data directory and starts everything. */
    public static DealerServer start(DealerConfig config) throws StoreException, KeepaliveConfig.Invalid {
        return start(config, new SqliteStore(config.dataDir()), Clock.systemUTC());
    }

    public static DealerServer start(DealerConfig config, Store store, Clock clock) throws StoreException,
            KeepaliveConfig.Invalid {
        DealerServer s;
        try {
            s = new DealerServer(config, store, clock);
        } catch (StoreException | KeepaliveConfig.Invalid | RuntimeException e) {
            store.close();
            throw e;
        }
        s.http.start(config.bind(), config.port());
        log.info("dealer listening on http://{}/servers", Addresses.withPort(config.bind(), s.port()));
        return s;
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return "http://" + Addresses.withPort(config.bind(), port());
    }

    public Dealer dealer() {
        return dealer;
    }

    public ListWatcher lists() {
        return lists;
    }

    public IncidentLog incidents() {
        return incidents;
    }

    public UptimeHistory history() {
        return history;
    }

    public Heartbeats heartbeats() {
        return heartbeats;
    }

    /** Stops taking requests, stops the periodic duties, writes what changed and closes the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop();
        periodic.close();
        actionCalls.shutdown();
        Dealer.FlushStatus s = dealer.flush();
        int unstored = incidents.retryPending();
        if (unstored > 0) {
            log.error("{} incident change(s) could not be stored before stopping", unstored);
        }
        if (s.ok()) {
            log.info("final flush: {} rows in {} ms", s.rows(), s.millis());
        } else {
            log.error("final flush failed: {}", s.error());
        }
        notifier.close();
        Heartbeats.Flushed hb = heartbeats.flush();
        if (!hb.ok()) {
            log.error("final heartbeat flush failed, {} pings and transitions lost: {}", heartbeats.unflushed(),
                    hb.error());
        }
        store.close();
    }
}
