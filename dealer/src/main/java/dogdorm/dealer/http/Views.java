package dogdorm.dealer.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Kind;
import dogdorm.common.Transport;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Counts;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.flush.FlushHealth;
import dogdorm.dealer.flush.Flusher;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.read.Ranking;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Tags;
import dogdorm.dealer.read.CandidateView;
import dogdorm.dealer.view.ApiPage;
import dogdorm.dealer.view.ImportsPage;
import dogdorm.dealer.view.Legacy;
import dogdorm.dealer.view.ServersJson;
import dogdorm.dealer.view.ServersPage;
import dogdorm.dealer.view.TargetPage;
import dogdorm.dealer.view.WorkersPage;
import dogdorm.dealer.read.TargetView;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The read side: {@code /servers}, {@code /servers.json}, {@code /api/targets}, {@code /healthz}, static files. */
public final class Views {
    /** The stylesheet and scripts, read once from the jar: a missing one stops the dealer at start, not a page. */
    private static final Map<String, byte[]> STATIC = Map.of("dogdorm.css", resource("dogdorm.css"),
            "servers.js", resource("servers.js"), "heartbeats.js", resource("heartbeats.js"),
            "time.js", resource("time.js"), "favicon.svg", resource("favicon.svg"));

    private final Core core;
    private final ReadModel reads;
    private final Flusher flusher;
    private final ServersJson serversJson;
    private final ServersPage serversPage;
    private final TargetPage targetPage;
    private final ImportsPage importsPage;
    private final WorkersPage workersPage;
    private final ApiPage apiPage;
    private final ObjectMapper json;
    private final boolean publishCredentials;
    /** The token of the forms on a target's page that pause, resume or delete it. */
    private final Csrf csrf;

    public Views(Core core, ReadModel reads, Flusher flusher, ServersJson serversJson, ServersPage serversPage,
                 TargetPage targetPage, ImportsPage importsPage, WorkersPage workersPage, ApiPage apiPage,
                 ObjectMapper json, boolean publishCredentials, Csrf csrf) {
        this.csrf = csrf;
        this.workersPage = workersPage;
        this.apiPage = apiPage;
        this.core = core;
        this.reads = reads;
        this.flusher = flusher;
        this.serversJson = serversJson;
        this.serversPage = serversPage;
        this.targetPage = targetPage;
        this.importsPage = importsPage;
        this.json = json;
        this.publishCredentials = publishCredentials;
    }

    /** {@code /legacy?family=4|6&limit=N}: P2PD's settings text, what works now, in rank order. */
    public void legacy(Context ctx) {
        Legacy.Options options = new Legacy.Options(family(ctx), Params.intParam(ctx, "limit", Integer.MAX_VALUE, 1,
                Integer.MAX_VALUE));
        Legacy.Names names = new Legacy.Names(reads.candidateHosts(),
                publishCredentials ? reads.turnPasswords() : Map.of());
        String text = reads.read(all -> Legacy.render(Ranking.sections(all), names, options));
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    /**
     * {@code /api/best?kind=stun&family=4&transport=udp&limit=5}: the best groups of targets that are up now, in
     * rank order, each a list of its members (one for most kinds, four for an RFC 3489 group).
     */
    public void best(Context ctx) {
        String k = ctx.queryParam("kind");
        if (k == null || k.isBlank()) {
            throw ApiError.badRequest("kind: missing (e.g. kind=stun)");
        }
        ServersPage.Filter f = filter(ctx);
        Kind kind = f.kind();
        int family = f.family() == null ? 4 : f.family();
        Transport transport;
        String tr = ctx.queryParam("transport");
        try {
            transport = tr == null || tr.isBlank() ? kind.defaultTransport() : Transport.parse(tr);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("transport: " + e.getMessage());
        }
        int limit = Params.intParam(ctx, "limit", 5, 1, 1000);
        List<List<TargetView>> best = reads.read(all -> {
            List<TargetView> mine = all.stream().filter(t -> t.kind() == kind && t.family() == family
                    && t.transport() == transport).map(t -> t.from(f.location())).toList();
            List<List<TargetView>> out = new ArrayList<>();
            for (Ranking.Section s : Ranking.sections(mine)) {
                for (List<TargetView> g : s.groups()) {
                    if (out.size() < limit && g.stream().allMatch(t -> t.state() == State.UP)) {
                        out.add(g);
                    }
                }
            }
            return out;
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("family", family);
        body.put("transport", transport);
        if (f.location() != null) {
            body.put("location", f.location());
        }
        body.put("servers", best);
        ctx.json(body);
    }

    public void importsHtml(Context ctx) {
        ctx.html(importsPage.render());
    }

    public void importsJson(Context ctx) {
        ctx.json(importsPage.api());
    }

    /**
     * {@code /api/targets/{id}/checks?since=&limit=}: the target's last checks (time, worker, up, latency, error),
     * newest first, from the ring each target keeps in memory.
     */
    public void targetChecks(Context ctx) {
        long id = Params.pathId(ctx, "target");
        if (reads.view(id).isEmpty()) {
            throw new ApiError(404, "no target #" + id);
        }
        int kept = core.checks().capacity();
        java.time.Instant since = Params.instantParam(ctx, "since");
        int limit = Params.intParam(ctx, "limit", kept, 1, kept);
        String location = ctx.queryParam("location");
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("target", id);
        out.put("kept", kept);
        if (location == null) {
            out.put("checks", core.checks().recent(id, since, limit));
        } else {
            // one location's checks: those made by the workers that check from there
            java.util.Set<String> there = new java.util.HashSet<>();
            for (Core.WorkerEntry w : core.workers().workers()) {
                if (location.equals(w.info().location())) there.add(w.info().name());
            }
            out.put("location", location);
            out.put("checks", core.checks().recent(id, since, kept).stream()
                    .filter(c -> there.contains(c.worker())).limit(limit).toList());
        }
        ctx.json(out);
    }

    /** {@code GET /api/targets/{id}/vantage}: how each location sees a target checked from several. */
    public void targetVantage(Context ctx) {
        long id = Params.pathId(ctx, "target");
        TargetView v = reads.view(id).orElseThrow(() -> new ApiError(404, "no target #" + id));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("target", id);
        out.put("state", v.state());
        if (v.vantage() == null) {
            out.put("k", 1);
            out.put("note", "checked from one location at a time (vantage 1), or not checked yet");
            out.put("locations", List.of());
        } else {
            var s = v.vantage();
            out.put("k", s.k());
            out.put("dealt_to", s.dealtTo());
            out.put("degraded", s.degraded());
            out.put("quorum", s.quorum());
            out.put("vote", s.vote().state());
            out.put("regional", s.vote().regional());
            out.put("score", s.vote().score());
            out.put("locations", s.points());
        }
        ctx.json(out);
    }

    public void workersHtml(Context ctx) {
        ctx.html(workersPage.render());
    }

    /** {@code GET /api/workers}: every worker heard from, and the locations live now. */
    public void workers(Context ctx) {
        ctx.json(core.workers());
    }

    public void targetHtml(Context ctx) throws Exception {
        long id = Params.pathId(ctx, "target");
        ctx.header("Cache-Control", "no-store").html(targetPage.render(id, csrf.tokenFor(ctx))
                .orElseThrow(() -> new ApiError(404, "no target #" + id)));
    }

    /**
     * {@code /servers}: the page, or the original Dogdorm's JSON when asked for ({@code ?format=original}, or an
     * {@code Accept} header that names application/json and not text/html).
     */
    public void servers(Context ctx) {
        String format = ctx.queryParam("format");
        boolean original;
        if (format != null && !format.isBlank()) {
            original = switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "original", "json" -> true;
                case "html" -> false;
                default -> throw ApiError.badRequest("format: '" + format + "' is not original or html");
            };
        } else {
            String accept = ctx.header("Accept");
            original = accept != null && accept.contains("application/json") && !accept.contains("text/html");
        }
        if (original) {
            ctx.contentType("application/json").result(serversJson.original());
        } else {
            serversHtml(ctx);
        }
    }

    private void serversHtml(Context ctx) {
        ctx.html(serversPage.render(filter(ctx),
                Params.intParam(ctx, "rows", ServersPage.ROWS_SHOWN, 0, Integer.MAX_VALUE)));
    }

    public void serversJson(Context ctx) {
        ctx.contentType("application/json").result(serversJson.get());
    }

    /**
     * Every target with its stats and source, and the list rows not yet targets; {@code kind}, {@code family},
     * {@code state}, {@code q}, {@code limit}, {@code offset}.
     */
    public void targets(Context ctx) throws IOException {
        ServersPage.Filter f = filter(ctx);
        int offset = Params.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.intParam(ctx, "limit", Integer.MAX_VALUE, 0, Integer.MAX_VALUE);
        List<TargetView> page = reads.read(all -> all.stream().map(t -> t.from(f.location())).filter(f)
                .sorted(Comparator.comparingLong(TargetView::id)).skip(offset).limit(limit).toList());
        // list rows still being validated (or disabled) are listed too, never silently dropped
        List<CandidateView> candidates = reads.candidates().stream()
                .filter(c -> c.state() != Candidate.State.VALIDATED)
                .filter(f::accepts)
                .toList();
        ctx.contentType("application/json");
        OutputStream out = ctx.outputStream();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targets", page);
        body.put("count", page.size());
        body.put("candidates", candidates);
        json.writeValue(out, body);
    }

    /** {@code /api}: the routes for people, and the health {@code /healthz} reports, in words. */
    public void apiHtml(Context ctx) {
        ctx.html(apiPage.render(core.counts(), flusher.health()));
    }

    /**
     * {@code /healthz}: 200 while everything is stored as it should be, 503 while flushes fail (with the cause and
     * since when), and what waits to be stored, by part.
     */
    public void healthz(Context ctx) {
        Counts h = core.counts();
        FlushHealth f = flusher.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", f.ok() ? "ok" : "flush failing");
        body.put("targets", h.targets());
        body.put("due", h.due());
        body.put("leased", h.leased());
        body.put("workers_last_minute", h.workersLastMinute());
        body.put("unflushed_changes", f.waitingTotal());
        body.put("unflushed", f.waiting());
        body.put("results_accepted", h.resultsAccepted());
        body.put("results_rejected", h.resultsRejected());
        body.put("last_flush", f.lastGood() == null ? null : f.lastGood().at());
        body.put("last_flush_ms", f.lastGood() == null ? null : f.lastGood().millis());
        body.put("flush_failures", f.failures());
        if (!f.ok()) {
            body.put("flush_error", f.last().error());
            body.put("flush_failed_at", f.last().at());
            body.put("flush_failing_since", f.failingSince());
        }
        ctx.status(f.ok() ? 200 : 503).json(body);
    }

    public void staticFile(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = STATIC.get(name);
        if (body == null) {
            throw new ApiError(404, "no such file");
        }
        ctx.contentType(name.endsWith(".css") ? "text/css" : name.endsWith(".svg") ? "image/svg+xml"
                : "application/javascript").header("Cache-Control", "max-age=300").result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Views.class.getClassLoader().getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("static/" + name + " is missing from the dealer jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading static/" + name, e);
        }
    }

    /** {@code family=4|6} (or ipv4, v4, ...), null when not given. */
    static Integer family(Context ctx) {
        String f = ctx.queryParam("family");
        if (f == null || f.isBlank()) {
            return null;
        }
        return switch (f.strip().toLowerCase(Locale.ROOT)) {
            case "4", "ipv4", "v4" -> 4;
            case "6", "ipv6", "v6" -> 6;
            default -> throw ApiError.badRequest("family: '" + f + "' is not 4 or 6");
        };
    }

    static ServersPage.Filter filter(Context ctx) {
        Kind kind = null;
        String k = ctx.queryParam("kind");
        if (k != null && !k.isBlank()) {
            try {
                kind = Kind.parse(k);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("kind: " + e.getMessage());
            }
        }
        Integer family = family(ctx);
        State state = null;
        String s = ctx.queryParam("state");
        boolean inMaintenance = s != null && s.strip().equalsIgnoreCase("maintenance"); // shown, not checked
        if (s != null && !s.isBlank() && !inMaintenance) {
            try {
                state = State.parse(s);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("state: " + e.getMessage());
            }
        }
        String q = ctx.queryParam("q");
        String text = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
        if (text != null && text.length() > 200) {
            throw ApiError.badRequest("q: longer than 200 characters");
        }
        String location = ctx.queryParam("location");
        if (location != null && (location.isBlank() || location.length() > 100)) {
            throw ApiError.badRequest("location: " + (location.isBlank() ? "empty" : "longer than 100 characters")
                    + " (a worker's --location, as /api/workers lists them)");
        }
        String tag = ctx.queryParam("tag");
        try {
            tag = tag == null || tag.isBlank() ? null : Tags.one(tag, "tag");
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return new ServersPage.Filter(kind, family, state, text, location == null ? null : location.strip(), tag,
                inMaintenance);
    }
}
