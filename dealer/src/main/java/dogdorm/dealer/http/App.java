package dogdorm.dealer.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.metrics.DealerMetrics;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/** Every route of the dealer, in one place. Handlers are thin: they parse, call the dealer, and answer. */
public final class App {
    /** Large enough for a batch of 10,000 results; larger bodies get 413. */
    public static final long MAX_BODY = 4L * 1024 * 1024;

    private App() {}

    /** @param listener the port, already taken: served by the one connector */
    public static Javalin create(ServerSocketChannel listener, ObjectMapper json, Supplier<Routes> current,
                                 ErrorAnswer errors, RequestFailures failures) {
        return Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                try {
                    connector.open(listener);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return connector;
            });
            config.jsonMapper(new JavalinJackson(json, false));

            config.routes.before(new SecurityHeaders());
            // a dealer standing by refuses here what it cannot do; the leading dealer's gate lets everything through
            config.routes.before(ctx -> current.get().gate().handle(ctx));

            getAndHead(config.routes, "/", ctx -> ctx.redirect("/servers"));
            getAndHead(config.routes, "/servers", on(current, r -> r.views()::servers));
            getAndHead(config.routes, "/servers.json", on(current, r -> r.views()::serversJson));
            targetRoutes(config.routes, current); // before /targets/{id}: /targets/new is not a target
            getAndHead(config.routes, "/targets/{id}", on(current, r -> r.views()::targetHtml));
            getAndHead(config.routes, "/legacy", on(current, r -> r.views()::legacy));
            getAndHead(config.routes, "/imports", on(current, r -> r.views()::importsHtml));
            getAndHead(config.routes, "/api", on(current, r -> r.views()::apiHtml));
            getAndHead(config.routes, "/api/imports", on(current, r -> r.views()::importsJson));
            getAndHead(config.routes, "/api/best", on(current, r -> r.views()::best));
            getAndHead(config.routes, "/actions", on(current, r -> r.actions()::page));
            getAndHead(config.routes, "/api/actions", on(current, r -> r.actions()::api));
            getAndHead(config.routes, "/api/targets", on(current, r -> r.views()::targets));
            getAndHead(config.routes, "/api/targets/{id}", on(current, r -> r.targets().api()::get));
            getAndHead(config.routes, "/api/targets/{id}/checks", on(current, r -> r.views()::targetChecks));
            getAndHead(config.routes, "/api/targets/{id}/vantage", on(current, r -> r.views()::targetVantage));
            getAndHead(config.routes, "/api/workers", on(current, r -> r.views()::workers));
            getAndHead(config.routes, "/workers", on(current, r -> r.views()::workersHtml));
            getAndHead(config.routes, "/healthz", on(current, r -> r.views()::healthz));
            getAndHead(config.routes, "/metrics", ctx -> {
                DealerMetrics metrics = current.get().metrics();
                ctx.contentType(metrics.contentType());
                metrics.write(ctx.outputStream());
            });
            getAndHead(config.routes, "/static/{file}", on(current, r -> r.views()::staticFile));

            getAndHead(config.routes, "/status", on(current, r -> r.status()::all));
            getAndHead(config.routes, "/status/down", on(current, r -> r.status()::down));
            getAndHead(config.routes, "/status/service/{domain}", on(current, r -> r.status()::service));
            getAndHead(config.routes, "/status/service/{domain}/incidents", on(current, r -> r.status()::serviceIncidents));

            config.routes.before("/api/work", on(current, Routes::workerAuth));
            config.routes.before("/api/results", on(current, Routes::workerAuth));
            config.routes.post("/api/work", on(current, r -> r.workerApi()::work));
            config.routes.post("/api/results", on(current, r -> r.workerApi()::results));

            heartbeatRoutes(config.routes, current);
            statusPageRoutes(config.routes, current);
            maintenanceRoutes(config.routes, current);
            notificationRoutes(config.routes, current);

            // a browser gets an HTML page, the API and programs {"error": ...} (ErrorAnswer)
            config.routes.exception(ApiError.class, (e, ctx) -> errors.answer(ctx, e.status(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    errors.answer(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, failures::handle);
        });
    }

    /**
     * A GET route, and HEAD on the same handler: Javalin answers HEAD for a GET route with 200 without running it, so
     * HEAD /healthz said 200 to a load balancer while GET said 503, and HEAD /targets/9999 200 for no target. Jetty
     * sends a HEAD answer's status and headers without its body. (The heartbeat pings declare their HEAD: a ping.)
     */
    private static void getAndHead(RoutesConfig r, String path, Handler handler) {
        r.get(path, handler);
        r.head(path, handler);
    }

    /**
     * Heartbeat tokens. The ping URLs need no auth (cron jobs call them; the token is the key). The admin pages and
     * API need basic auth ({@link AdminAuth}), and every change the CSRF check ({@link Csrf}) before it runs.
     */
    private static void heartbeatRoutes(RoutesConfig r, Supplier<Routes> current) {
        r.get("/hb/{token}", on(current, x -> x.heartbeats().pings()::success));
        r.post("/hb/{token}", on(current, x -> x.heartbeats().pings()::success));
        r.head("/hb/{token}", on(current, x -> x.heartbeats().pings()::success));
        r.get("/hb/{token}/start", on(current, x -> x.heartbeats().pings()::start));
        r.post("/hb/{token}/start", on(current, x -> x.heartbeats().pings()::start));
        r.head("/hb/{token}/start", on(current, x -> x.heartbeats().pings()::start));
        r.get("/hb/{token}/fail", on(current, x -> x.heartbeats().pings()::fail));
        r.post("/hb/{token}/fail", on(current, x -> x.heartbeats().pings()::fail));
        r.head("/hb/{token}/fail", on(current, x -> x.heartbeats().pings()::fail));

        r.before("/heartbeats", on(current, x -> x.heartbeats().auth()));
        r.before("/heartbeats/*", on(current, x -> x.heartbeats().auth()));
        r.before("/api/heartbeats", on(current, x -> x.heartbeats().auth()));
        r.before("/api/heartbeats/*", on(current, x -> x.heartbeats().auth()));
        r.before("/heartbeats", on(current, x -> x.heartbeats().csrf()::checkForm));
        r.before("/heartbeats/*", on(current, x -> x.heartbeats().csrf()::checkForm));
        r.before("/api/heartbeats", on(current, x -> x.heartbeats().csrf()::checkApi));
        r.before("/api/heartbeats/*", on(current, x -> x.heartbeats().csrf()::checkApi));
        getAndHead(r, "/heartbeats", on(current, x -> x.heartbeats().pages()::list));
        r.post("/heartbeats", on(current, x -> x.heartbeats().pages()::create));
        getAndHead(r, "/heartbeats/{id}", on(current, x -> x.heartbeats().pages()::detail));
        r.post("/heartbeats/{id}", on(current, x -> x.heartbeats().pages()::update));
        r.post("/heartbeats/{id}/pause", on(current, x -> x.heartbeats().pages()::pause));
        r.post("/heartbeats/{id}/resume", on(current, x -> x.heartbeats().pages()::resume));
        r.post("/heartbeats/{id}/delete", on(current, x -> x.heartbeats().pages()::delete));

        getAndHead(r, "/api/heartbeats", on(current, x -> x.heartbeats().api()::list));
        r.post("/api/heartbeats", on(current, x -> x.heartbeats().api()::create));
        getAndHead(r, "/api/heartbeats/{id}", on(current, x -> x.heartbeats().api()::get));
        r.put("/api/heartbeats/{id}", on(current, x -> x.heartbeats().api()::update));
        r.delete("/api/heartbeats/{id}", on(current, x -> x.heartbeats().api()::delete));
        r.post("/api/heartbeats/{id}/pause", on(current, x -> x.heartbeats().api()::pause));
        r.post("/api/heartbeats/{id}/resume", on(current, x -> x.heartbeats().api()::resume));
        getAndHead(r, "/api/heartbeats/{id}/pings", on(current, x -> x.heartbeats().api()::pings));
        getAndHead(r, "/api/heartbeats/{id}/transitions", on(current, x -> x.heartbeats().api()::transitions));
    }

    /**
     * Status pages, badges and incidents. The status pages and badges are public (nothing secret is on them); the
     * API that defines status pages needs the admin's basic auth ({@link AdminAuth}) and, for a POST, the CSRF check
     * ({@link Csrf}), as the heartbeat API does.
     */
    private static void statusPageRoutes(RoutesConfig r, Supplier<Routes> current) {
        getAndHead(r, "/status-page/{slug}", on(current, x -> x.statusPages().pages()::statusPage));
        getAndHead(r, "/badge/{file}", on(current, x -> x.statusPages().pages()::badge));
        getAndHead(r, "/incidents", on(current, x -> x.statusPages().incidents()::page));
        getAndHead(r, "/api/incidents", on(current, x -> x.statusPages().incidents()::api));

        r.before("/api/status-pages", on(current, x -> x.statusPages().auth()));
        r.before("/api/status-pages/*", on(current, x -> x.statusPages().auth()));
        r.before("/api/status-pages", on(current, x -> x.statusPages().csrf()::checkApi));
        r.before("/api/status-pages/*", on(current, x -> x.statusPages().csrf()::checkApi));
        getAndHead(r, "/api/status-pages", on(current, x -> x.statusPages().api()::list));
        r.post("/api/status-pages", on(current, x -> x.statusPages().api()::create));
        getAndHead(r, "/api/status-pages/{slug}", on(current, x -> x.statusPages().api()::get));
        r.put("/api/status-pages/{slug}", on(current, x -> x.statusPages().api()::update));
        r.delete("/api/status-pages/{slug}", on(current, x -> x.statusPages().api()::delete));
    }

    /**
     * Targets managed in the UI and the API, beside the list files. Reading them stays open; every change, and the
     * pages that make one, need the admin's basic auth and then the CSRF check ({@link TargetRoutes}).
     */
    private static void targetRoutes(RoutesConfig r, Supplier<Routes> current) {
        r.before("/api/targets", on(current, x -> x.targets()::guardApi));
        r.before("/api/targets/*", on(current, x -> x.targets()::guardApi));
        r.before("/targets/*", on(current, x -> x.targets()::guardPages));
        getAndHead(r, "/targets/new", on(current, x -> x.targets().pages()::add));
        r.post("/targets/new", on(current, x -> x.targets().pages()::create));
        r.post("/targets/import", on(current, x -> x.targets().pages()::importFile));
        getAndHead(r, "/targets/{id}/edit", on(current, x -> x.targets().pages()::edit));
        r.post("/targets/{id}/edit", on(current, x -> x.targets().pages()::update));
        r.post("/targets/{id}/pause", on(current, x -> x.targets().pages()::pause));
        r.post("/targets/{id}/resume", on(current, x -> x.targets().pages()::resume));
        r.post("/targets/{id}/delete", on(current, x -> x.targets().pages()::delete));

        // the exports and the import before /api/targets/{id}, which they would match
        getAndHead(r, "/api/targets/export.csv", on(current, x -> x.targets().api()::exportCsv));
        getAndHead(r, "/api/targets/export.json", on(current, x -> x.targets().api()::exportJson));
        r.post("/api/targets/import", on(current, x -> x.targets().api()::importCsv));
        r.post("/api/targets", on(current, x -> x.targets().api()::create));
        r.put("/api/targets/{id}", on(current, x -> x.targets().api()::update));
        r.delete("/api/targets/{id}", on(current, x -> x.targets().api()::delete));
        r.post("/api/targets/{id}/pause", on(current, x -> x.targets().api()::pause));
        r.post("/api/targets/{id}/resume", on(current, x -> x.targets().api()::resume));
    }

    /**
     * Maintenance windows: the page and the API need the admin's basic auth ({@link AdminAuth}), and every change
     * the CSRF check ({@link Csrf}) before it runs, as the heartbeat admin routes do.
     */
    private static void maintenanceRoutes(RoutesConfig r, Supplier<Routes> current) {
        r.before("/maintenance", on(current, x -> x.maintenance().auth()));
        r.before("/maintenance/*", on(current, x -> x.maintenance().auth()));
        r.before("/api/maintenance", on(current, x -> x.maintenance().auth()));
        r.before("/api/maintenance/*", on(current, x -> x.maintenance().auth()));
        r.before("/maintenance", on(current, x -> x.maintenance().csrf()::checkForm));
        r.before("/maintenance/*", on(current, x -> x.maintenance().csrf()::checkForm));
        r.before("/api/maintenance", on(current, x -> x.maintenance().csrf()::checkApi));
        r.before("/api/maintenance/*", on(current, x -> x.maintenance().csrf()::checkApi));
        getAndHead(r, "/maintenance", on(current, x -> x.maintenance().pages()::list));
        r.post("/maintenance", on(current, x -> x.maintenance().pages()::create));
        r.post("/maintenance/{id}/delete", on(current, x -> x.maintenance().pages()::delete));

        getAndHead(r, "/api/maintenance", on(current, x -> x.maintenance().api()::list));
        r.post("/api/maintenance", on(current, x -> x.maintenance().api()::create));
        getAndHead(r, "/api/maintenance/{id}", on(current, x -> x.maintenance().api()::get));
        r.put("/api/maintenance/{id}", on(current, x -> x.maintenance().api()::update));
        r.delete("/api/maintenance/{id}", on(current, x -> x.maintenance().api()::delete));
    }

    /**
     * Notification receivers: the admin page and API, both behind basic auth ({@link AdminAuth}) with every change
     * CSRF-checked ({@link Csrf}) before it runs, as the heartbeat admin routes are.
     */
    private static void notificationRoutes(RoutesConfig r, Supplier<Routes> current) {
        r.before("/notifications", on(current, x -> x.notifications().auth()));
        r.before("/notifications/*", on(current, x -> x.notifications().auth()));
        r.before("/api/notifications", on(current, x -> x.notifications().auth()));
        r.before("/api/notifications/*", on(current, x -> x.notifications().auth()));
        r.before("/notifications", on(current, x -> x.notifications().csrf()::checkForm));
        r.before("/notifications/*", on(current, x -> x.notifications().csrf()::checkForm));
        r.before("/api/notifications", on(current, x -> x.notifications().csrf()::checkApi));
        r.before("/api/notifications/*", on(current, x -> x.notifications().csrf()::checkApi));
        getAndHead(r, "/notifications", on(current, x -> x.notifications().pages()::list));
        r.post("/notifications", on(current, x -> x.notifications().pages()::create));
        r.post("/notifications/{id}/delete", on(current, x -> x.notifications().pages()::delete));
        r.post("/notifications/{id}/test", on(current, x -> x.notifications().pages()::test));

        getAndHead(r, "/api/notifications", on(current, x -> x.notifications().api()::list));
        r.post("/api/notifications", on(current, x -> x.notifications().api()::create));
        getAndHead(r, "/api/notifications/{id}", on(current, x -> x.notifications().api()::get));
        r.put("/api/notifications/{id}", on(current, x -> x.notifications().api()::update));
        r.delete("/api/notifications/{id}", on(current, x -> x.notifications().api()::delete));
        r.post("/api/notifications/{id}/test", on(current, x -> x.notifications().api()::test));
    }

    /** A handler that asks for the current routes on each request, then hands it to the one {@code pick} chooses. */
    private static Handler on(Supplier<Routes> current, Function<Routes, Handler> pick) {
        return ctx -> pick.apply(current.get()).handle(ctx);
    }
}
