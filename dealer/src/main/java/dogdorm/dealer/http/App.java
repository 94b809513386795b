package dogdorm.dealer.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.heartbeat.Tokens;
import dogdorm.dealer.metrics.DealerMetrics;
import dogdorm.dealer.read.History;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the dealer, in one place. Handlers are thin: they parse, call the dealer, and answer. */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Large enough for a batch of 10,000 results; larger bodies get 413. */
    public static final long MAX_BODY = 4L * 1024 * 1024;

    private App() {}

    /** @param listener the port, already taken: served by the one connector */
    public static Javalin create(ServerSocketChannel listener, ObjectMapper json, WorkerAuth workerAuth,
                                 WorkerApi workerApi, Views views,
                                 StatusApi status, History history, DealerMetrics metrics,
                                 HeartbeatRoutes heartbeats, ErrorAnswer errors) {
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

            config.routes.get("/", ctx -> ctx.redirect("/servers"));
            config.routes.get("/servers", views::servers);
            config.routes.get("/servers.json", views::serversJson);
            config.routes.get("/targets/{id}", views::targetHtml);
            config.routes.get("/legacy", views::legacy);
            config.routes.get("/imports", views::importsHtml);
            config.routes.get("/api", views::apiHtml);
            config.routes.get("/api/imports", views::importsJson);
            config.routes.get("/api/best", views::best);
            config.routes.get("/api/actions", ctx -> ctx.json(history.actions(
                    Params.queryId(ctx, "target", "target"), Params.intParam(ctx, "limit", 100, 1, 10_000))));
            config.routes.get("/api/targets", views::targets);
            config.routes.get("/api/targets/{id}/checks", views::targetChecks);
            config.routes.get("/api/targets/{id}/vantage", views::targetVantage);
            config.routes.get("/api/workers", views::workers);
            config.routes.get("/workers", views::workersHtml);
            config.routes.get("/healthz", views::healthz);
            config.routes.get("/metrics", ctx -> {
                ctx.contentType(metrics.contentType());
                metrics.write(ctx.outputStream());
            });
            config.routes.get("/static/{file}", views::staticFile);

            config.routes.get("/status", status::all);
            config.routes.get("/status/down", status::down);
            config.routes.get("/status/service/{domain}", status::service);
            config.routes.get("/status/service/{domain}/incidents", status::serviceIncidents);

            config.routes.before("/api/work", workerAuth);
            config.routes.before("/api/results", workerAuth);
            config.routes.post("/api/work", workerApi::work);
            config.routes.post("/api/results", workerApi::results);

            heartbeatRoutes(config.routes, heartbeats);

            // a browser gets an HTML page, the API and programs {"error": ...} (ErrorAnswer)
            config.routes.exception(ApiError.class, (e, ctx) -> errors.answer(ctx, e.status(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    errors.answer(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), Tokens.redactPath(ctx.path()), e);
                errors.answer(ctx, 500, "internal error: " + e.getClass().getSimpleName());
            });
        });
    }

    /**
     * Heartbeat tokens. The ping URLs need no auth (cron jobs call them; the token is the key). The admin pages and
     * API need basic auth ({@link AdminAuth}), and every change the CSRF check ({@link Csrf}) before it runs.
     */
    private static void heartbeatRoutes(RoutesConfig r, HeartbeatRoutes h) {
        r.get("/hb/{token}", h.pings()::success);
        r.post("/hb/{token}", h.pings()::success);
        r.head("/hb/{token}", h.pings()::success);
        r.get("/hb/{token}/start", h.pings()::start);
        r.post("/hb/{token}/start", h.pings()::start);
        r.head("/hb/{token}/start", h.pings()::start);
        r.get("/hb/{token}/fail", h.pings()::fail);
        r.post("/hb/{token}/fail", h.pings()::fail);
        r.head("/hb/{token}/fail", h.pings()::fail);

        r.before("/heartbeats", h.auth());
        r.before("/heartbeats/*", h.auth());
        r.before("/api/heartbeats", h.auth());
        r.before("/api/heartbeats/*", h.auth());
        r.before("/heartbeats", h.csrf()::checkForm);
        r.before("/heartbeats/*", h.csrf()::checkForm);
        r.before("/api/heartbeats", h.csrf()::checkApi);
        r.before("/api/heartbeats/*", h.csrf()::checkApi);
        r.get("/heartbeats", h.pages()::list);
        r.post("/heartbeats", h.pages()::create);
        r.get("/heartbeats/{id}", h.pages()::detail);
        r.post("/heartbeats/{id}", h.pages()::update);
        r.post("/heartbeats/{id}/pause", h.pages()::pause);
        r.post("/heartbeats/{id}/resume", h.pages()::resume);
        r.post("/heartbeats/{id}/delete", h.pages()::delete);

        r.get("/api/heartbeats", h.api()::list);
        r.post("/api/heartbeats", h.api()::create);
        r.get("/api/heartbeats/{id}", h.api()::get);
        r.put("/api/heartbeats/{id}", h.api()::update);
        r.delete("/api/heartbeats/{id}", h.api()::delete);
        r.post("/api/heartbeats/{id}/pause", h.api()::pause);
        r.post("/api/heartbeats/{id}/resume", h.api()::resume);
        r.get("/api/heartbeats/{id}/pings", h.api()::pings);
        r.get("/api/heartbeats/{id}/transitions", h.api()::transitions);
    }
}
