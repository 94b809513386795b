package dogdorm.dealer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Json;
import dogdorm.dealer.action.ActionLog;
import dogdorm.dealer.action.DigitalOcean;
import dogdorm.dealer.action.Events;
import dogdorm.dealer.action.KeepaliveConfig;
import dogdorm.dealer.action.KeepaliveWatcher;
import dogdorm.dealer.action.Remediation;
import dogdorm.dealer.action.SiteNames;
import dogdorm.dealer.config.DealerConfig;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.flush.FlushAlerts;
import dogdorm.dealer.flush.FlushStatus;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.heartbeat.HeartbeatMetrics;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.http.Actions;
import dogdorm.dealer.http.AdminAuth;
import dogdorm.dealer.http.Csrf;
import dogdorm.dealer.http.HeartbeatPages;
import dogdorm.dealer.http.HeartbeatPings;
import dogdorm.dealer.http.HeartbeatRoutes;
import dogdorm.dealer.http.HeartbeatsApi;
import dogdorm.dealer.http.Incidents;
import dogdorm.dealer.http.JsonBody;
import dogdorm.dealer.http.PublicStatus;
import dogdorm.dealer.http.MaintenanceApi;
import dogdorm.dealer.http.MaintenancePages;
import dogdorm.dealer.http.MaintenanceRoutes;
import dogdorm.dealer.http.NotificationPages;
import dogdorm.dealer.http.NotificationRoutes;
import dogdorm.dealer.http.NotificationsApi;
import dogdorm.dealer.http.Routes;
import dogdorm.dealer.http.Saved;
import dogdorm.dealer.http.StatusApi;
import dogdorm.dealer.http.StatusPageRoutes;
import dogdorm.dealer.http.StatusPagesApi;
import dogdorm.dealer.http.TargetPages;
import dogdorm.dealer.http.TargetRoutes;
import dogdorm.dealer.http.TargetsApi;
import dogdorm.dealer.http.UnknownTokenLimit;
import dogdorm.dealer.http.Views;
import dogdorm.dealer.http.WorkerApi;
import dogdorm.dealer.http.WorkerAuth;
import dogdorm.dealer.imports.ListWatcher;
import dogdorm.dealer.maintenance.Maintenance;
import dogdorm.dealer.maintenance.WindowSpec;
import dogdorm.dealer.maintenance.Windows;
import dogdorm.dealer.metrics.DealerMetrics;
import dogdorm.dealer.notify.Notifier;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.notify.Receivers;
import dogdorm.dealer.notify.Subject;
import dogdorm.dealer.read.History;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.read.UptimeHistory;
import dogdorm.dealer.schedule.LeaseSigner;
import dogdorm.dealer.statuspage.StatusPages;
import dogdorm.dealer.store.Store;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.ActionsPage;
import dogdorm.dealer.view.ApiPage;
import dogdorm.dealer.view.HeartbeatsPage;
import dogdorm.dealer.view.ImportsPage;
import dogdorm.dealer.view.IncidentsPage;
import dogdorm.dealer.view.MaintenancePage;
import dogdorm.dealer.view.NotificationsPage;
import dogdorm.dealer.view.Pages;
import dogdorm.dealer.view.PublicStatusPage;
import dogdorm.dealer.view.ServersJson;
import dogdorm.dealer.view.ServersPage;
import dogdorm.dealer.view.TargetForms;
import dogdorm.dealer.view.TargetPage;
import dogdorm.dealer.view.WorkersPage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dealer over what it loaded from the store: the in-memory table, heartbeats, audit, outbox, the flusher and
 * the periodic duties, and the {@link Routes} that serve them. It is built either to lead ({@link #lead}: it lists,
 * deals, writes and alerts) or to follow ({@link #follow}: a read-only copy of the database that a dealer standing by
 * serves, built again every flush interval; nothing in it is started, so it sends nothing and writes nothing).
 */
final class Dealer {
    private static final Logger log = LoggerFactory.getLogger(Dealer.class);

    private final DealerConfig config;
    private final Store store;
    private final boolean leading;
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
    private final Routes routes;

    private Dealer(DealerConfig config, Store store, Clock clock, Pages pages, Csrf csrf, Supplier<String> self,
                   boolean leading) throws StoreException, KeepaliveConfig.Invalid, IOException {
        this.config = config;
        this.store = store;
        this.leading = leading;
        ObjectMapper json = Json.newMapper();
        SecureRandom random = new SecureRandom();
        Store.Loaded loaded = store.load();
        Windows windows = new Windows(clock);
        windows.load(store.maintenanceWindows());
        SiteNames siteNames = new SiteNames();
        this.reads = new ReadModel(siteNames, windows);
        LeaseSigner signer;
        if (leading) {
            byte[] sharedKey = store.sharedLeaseKey();
            signer = sharedKey != null ? new LeaseSigner(sharedKey) : LeaseSigner.ofDataFolder(config.dataDir());
        } else {
            byte[] unused = new byte[32]; // a copy deals no leases
            random.nextBytes(unused);
            signer = new LeaseSigner(unused);
        }
        this.core = new Core(Core.Settings.of(config), clock, random, reads, signer, windows);
        int targets = core.load(loaded.core());
        this.heartbeats = new Heartbeats(clock, random);
        int tokens = heartbeats.load(loaded.heartbeats());
        StatusPages statusPages = new StatusPages(clock);
        statusPages.load(loaded.statusPages());
        if (leading) {
            log.info("loaded {} targets and {} open incidents from the store", targets, core.incidents().openCount());
            log.info("loaded {} heartbeat tokens", tokens);
        } else {
            log.debug("read-only copy: {} targets, {} heartbeat tokens", targets, tokens);
        }
        ActionLog actions = new ActionLog();
        actions.load(loaded.newestActions(), loaded.lastActionId());
        // a receiver's filter asks what list and tags a target has: the read model knows, off the core's lock
        this.notifier = new Notifier(config.notifyUrls(), json, Duration.ofSeconds(10), 4, Duration.ofSeconds(2),
                id -> reads.view(id).map(Subject::of).orElse(null));
        Outbox outbox = new Outbox(notifier);
        Receivers receivers = new Receivers(store, notifier, clock, outbox::nextId);
        this.flusher = new Flusher(store, core.changes(), heartbeats, actions, outbox, statusPages, clock,
                Flusher.Settings.every(config.flush()));
        this.lists = new ListWatcher(config.listsDir(), core, config.allowPrivate());
        DigitalOcean api = new DigitalOcean(config.digitaloceanApi(),
                DigitalOcean.client(Duration.ofSeconds(10), Duration.ofSeconds(30)), json, 5, Duration.ofSeconds(2),
                Thread::sleep);
        Remediation remediation = new Remediation(new Remediation.Settings(config.rebootAfter(),
                config.rebootCooldown(), config.dryRun(), config.actionPoll(), 60), api, actions,
                () -> flusher.flushNow().ok(), outbox, clock,
                actionCalls);
        this.keepalive = new KeepaliveWatcher(config.keepalive(), config.keepaliveDir(), core, remediation, siteNames,
                json, config.allowPrivate());
        if (leading) {
            core.onStateChange(flusher::soon);
            heartbeats.onRecorded(flusher::soon);
            outbox.onDelivered(flusher::soon);
            receivers.start(); // before the restore: events sent again reach the run-time receivers too
            outbox.restore(loaded.undelivered(), loaded.lastEventId());
            Events.wire(core, outbox);
            Events.wireRegional(core, outbox);
            Events.wire(heartbeats, outbox);
            flusher.onFlush(new FlushAlerts(outbox));
            lists.scan();
            core.onCheckOutsideMaintenance(remediation::checked);
            keepalive.start();
            remediation.announce();
        }
        this.history = new UptimeHistory(store, clock, Duration.ofMinutes(1));
        History logs = new History(store, core.incidents(), heartbeats, actions);
        Views views = new Views(core, reads, flusher, new ServersJson(reads, json, clock, Duration.ofSeconds(5),
                config.publishCredentials()),
                new ServersPage(reads, clock, core::counts, lists, pages, history, core.incidents(),
                        () -> flusher.health().ok()),
                new TargetPage(reads, clock, pages, history, logs, core.checks()), new ImportsPage(reads, clock, pages, lists),
                new WorkersPage(core::workers, clock, pages), new ApiPage(pages, clock), json,
                config.publishCredentials(), csrf);
        DealerMetrics metrics = new DealerMetrics(core, reads, flusher, config.metricsPerTarget());
        HeartbeatMetrics.register(metrics.registry(), heartbeats);
        UnknownTokenLimit pingLimit = new UnknownTokenLimit(clock);
        pingLimit.register(metrics.registry());
        JsonBody requests = new JsonBody(Json.newStrictMapper()); // a value of the wrong type is refused
        Saved saved = new Saved(flusher);
        AdminAuth admin = new AdminAuth(config.adminUser(), config.adminPassword());
        HeartbeatRoutes heartbeatRoutes = new HeartbeatRoutes(new HeartbeatPings(heartbeats, pingLimit),
                new HeartbeatPages(heartbeats, logs, saved, new HeartbeatsPage(pages), csrf, self),
                new HeartbeatsApi(heartbeats, logs, saved, requests, self), admin, csrf);
        StatusPageRoutes statusPageRoutes = new StatusPageRoutes(new PublicStatus(statusPages,
                new PublicStatusPage(reads, history, logs, clock, pages, Duration.ofSeconds(30)), reads, history),
                new StatusPagesApi(statusPages, reads, saved, requests),
                new Incidents(logs, new IncidentsPage(reads, clock, pages)), admin, csrf);
        Maintenance maintenance = new Maintenance(windows, write -> flusher.writeNow(write::run));
        WindowSpec.Known known = MaintenanceApi.known(reads);
        MaintenanceRoutes maintenanceRoutes = new MaintenanceRoutes(
                new MaintenancePages(maintenance, new MaintenancePage(pages, reads), csrf, known),
                new MaintenanceApi(maintenance, requests, known), admin, csrf);
        this.routes = new Routes(Routes.OPEN, new WorkerAuth(config.workerToken()), new WorkerApi(core, requests),
                views, new StatusApi(reads, logs),
                new Actions(logs, new ActionsPage(logs, reads, clock, pages, config.dryRun()), clock), metrics,
                heartbeatRoutes, statusPageRoutes, new TargetRoutes(new TargetsApi(core, reads, saved, requests, clock,
                        config.publishCredentials()), new TargetPages(core, reads, saved, new TargetForms(pages), csrf),
                        admin, csrf), maintenanceRoutes,
                new NotificationRoutes(new NotificationsApi(receivers, requests),
                        new NotificationPages(receivers, new NotificationsPage(pages), csrf), admin, csrf));
    }

    /** Loads everything from the store, merges the lists and keepalive configs; {@link #start} starts the duties. */
    static Dealer lead(DealerConfig config, Store store, Clock clock, Pages pages, Csrf csrf, Supplier<String> self)
            throws StoreException, KeepaliveConfig.Invalid, IOException {
        return new Dealer(config, store, clock, pages, csrf, self, true);
    }

    /** A read-only copy of what {@code store} holds now, for a dealer standing by to show. */
    static Dealer follow(DealerConfig config, Store store, Clock clock, Pages pages, Csrf csrf, Supplier<String> self)
            throws StoreException {
        try {
            return new Dealer(config, store, clock, pages, csrf, self, false);
        } catch (KeepaliveConfig.Invalid | IOException e) {
            throw new IllegalStateException("a copy reads no keepalive config and no lease key", e);
        }
    }

    /** Starts the flusher and the periodic duties of a leading dealer. */
    void start() {
        if (!leading) {
            throw new IllegalStateException("a read-only copy runs no duties");
        }
        flusher.start();
        periodic.every("lease reaper", Duration.ofSeconds(1), core::expireLeases);
        periodic.every("list scan", config.listScan(), lists::scan);
        periodic.every("uptime roll-up", Duration.ofHours(1), () -> flusher.upkeep("uptime roll-up",
                s -> history.rollUp()));
        periodic.every("keepalive scan", config.listScan(), keepalive::scan);
        periodic.every("heartbeat sweep", config.heartbeatSweep(), heartbeats::sweep);
        periodic.every("maintenance ends", Duration.ofSeconds(10), core::endMaintenance);
    }

    Routes routes() {
        return routes;
    }

    Core core() {
        return core;
    }

    ReadModel reads() {
        return reads;
    }

    ListWatcher lists() {
        return lists;
    }

    UptimeHistory history() {
        return history;
    }

    Heartbeats heartbeats() {
        return heartbeats;
    }

    Flusher flusher() {
        return flusher;
    }

    Store store() {
        return store;
    }

    /**
     * Stops the periodic duties, stores what changed and closes the store. Returns whether everything was stored;
     * when not, the log says what was lost.
     */
    boolean stop() {
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

    /** Lets a read-only copy go: nothing of it was started or is to be stored; the store is shared and stays open. */
    void discard() {
        actionCalls.shutdown();
        notifier.close();
    }
}
