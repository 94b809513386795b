package dogdorm.dealer.http;

import com.fasterxml.jackson.databind.JsonNode;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.core.TargetChange;
import dogdorm.dealer.imports.CsvImport;
import dogdorm.dealer.imports.ListFile;
import dogdorm.dealer.imports.TargetInput;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.table.Tags;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.view.ImportReport;
import dogdorm.dealer.view.TargetsExport;
import io.javalin.http.Context;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/targets...}: create, read, update, pause, resume and delete a target; export every target as CSV or
 * JSON; import a CSV. The changes are behind the admin auth and the CSRF check ({@link TargetRoutes}), and answered
 * once stored ({@link Saved}). A body is checked by the rules of a list line, with a 400 naming the field; a target
 * a list file has is refused an edit or a delete with a 409 that says to edit the file.
 */
public final class TargetsApi {
    /**
     * A create or update body: a list row's fields by name. {@code family} may be left out (that of the ip, else
     * 4), {@code transport} too (the kind's own); {@code interval} and {@code timeout} take a duration
     * ({@code "5m"}) or a number of seconds; {@code tags} a list of words ({@code ["home", "prod"]}, or one string
     * of them); {@code options} the kind's own keys. On an update a password left out (or null) keeps the one the
     * target has; {@code ""} removes it.
     */
    public record Body(String kind, Integer family, String transport, String ip, Integer port, String host,
                       String user, String password, JsonNode interval, JsonNode timeout, Integer vantage,
                       JsonNode tags, Map<String, String> options) {
        TargetInput input(String keptPassword) {
            return new TargetInput(kind, text(family), transport, ip, text(port), host, user,
                    password == null ? keptPassword : password, HeartbeatsApi.Body.duration(interval, "interval"),
                    HeartbeatsApi.Body.duration(timeout, "timeout"), text(vantage), tags(tags), options);
        }

        /** {@code ["home", "prod"]} or {@code "home prod"} as the text a form holds; each is checked later. */
        private static String tags(JsonNode tags) {
            if (tags == null || tags.isNull()) {
                return null;
            }
            if (tags.isTextual()) {
                return tags.asText();
            }
            if (!tags.isArray()) {
                throw ApiError.badRequest("tags: expected a list of words such as [\"home\", \"prod\"]");
            }
            List<String> words = new ArrayList<>();
            for (int i = 0; i < tags.size(); i++) {
                JsonNode t = tags.get(i);
                if (!t.isTextual()) {
                    throw ApiError.badRequest("tags[" + i + "]: not a string");
                }
                try {
                    words.add(Tags.one(t.asText(), "tags[" + i + "]"));
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest(e.getMessage());
                }
            }
            return String.join(" ", words);
        }

        private static String text(Integer n) {
            return n == null ? null : n.toString();
        }
    }

    private final Core core;
    private final ReadModel reads;
    private final Saved saved;
    private final JsonBody body;
    private final Clock clock;
    private final boolean publishCredentials;

    public TargetsApi(Core core, ReadModel reads, Saved saved, JsonBody body, Clock clock,
                      boolean publishCredentials) {
        this.core = core;
        this.reads = reads;
        this.saved = saved;
        this.body = body;
        this.clock = clock;
        this.publishCredentials = publishCredentials;
    }

    /** {@code GET /api/targets/{id}}: one target as the API takes it, with its source and state. */
    public void get(Context ctx) {
        long id = id(ctx);
        ctx.json(TargetsExport.entry(published(id), publishCredentials));
    }

    public void create(Context ctx) {
        TargetSpec spec = spec(body.readStrict(ctx, Body.class).input(null));
        TargetChange c = saved.of(core.create(spec));
        long id = answer(c);
        ctx.status(201).header("Location", "/api/targets/" + id).json(entry(id));
    }

    public void update(Context ctx) {
        long id = id(ctx);
        Feed.TargetState before = published(id);
        TargetSpec spec = spec(body.readStrict(ctx, Body.class).input(before.spec().password()));
        ctx.json(entry(answer(saved.of(core.edit(id, spec)))));
    }

    public void delete(Context ctx) {
        answer(saved.of(core.delete(id(ctx))));
        ctx.status(204);
    }

    public void pause(Context ctx) {
        ctx.json(entry(answer(saved.of(core.pause(id(ctx))))));
    }

    public void resume(Context ctx) {
        ctx.json(entry(answer(saved.of(core.resume(id(ctx))))));
    }

    /**
     * {@code GET /api/targets/export.csv}: every target in sections by list file; {@code ?list=tcp_v4.csv} that
     * list's rows alone, to save under that name.
     */
    public void exportCsv(Context ctx) {
        ListFile only = list(ctx.queryParam("list"));
        String name = only == null ? "dogdorm-targets.csv" : only.name();
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"").header("Cache-Control", "no-store")
                .contentType("text/csv; charset=utf-8")
                .result(TargetsExport.csv(reads.published(), publishCredentials, clock.instant(), only));
    }

    /** {@code GET /api/targets/export.json}: every target as the API describes it. */
    public void exportJson(Context ctx) {
        ctx.header("Cache-Control", "no-store")
                .json(TargetsExport.json(reads.published(), publishCredentials, clock.instant()));
    }

    /**
     * {@code POST /api/targets/import[?list=tcp_v4.csv]} with a CSV body: its rows added as targets in the UI,
     * answered line by line.
     */
    public void importCsv(Context ctx) {
        ListFile list = list(ctx.queryParam("list"));
        ctx.json(importText(core, saved, text(ctx.bodyAsBytes()), list == null ? null : list.name()));
    }

    /** Reads an upload and adds its rows; the report, once stored. */
    static ImportReport importText(Core core, Saved saved, String content, String listName) {
        CsvImport.Parsed parsed = CsvImport.parse(content, listName);
        List<TargetChange> changes = saved.of(core.importRows(parsed.rows().stream().map(CsvImport.Row::spec)
                .toList()));
        return ImportReport.of(parsed, changes);
    }

    /** An upload as text: UTF-8 (a byte-order mark is fine), else a 400. */
    static String text(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiError.badRequest("request body is empty: expected the CSV lines of a list");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.badRequest("the CSV is not UTF-8 text");
        }
    }

    /** A list file name given with a request ({@code list=}), or null; a 400 when it is not one. */
    static ListFile list(String given) {
        String name = CsvImport.listName(given);
        if (name == null) {
            return null;
        }
        ListFile f = ListFile.of(name);
        if (f == null) {
            throw ApiError.badRequest("list: '" + name + "' is not a list file name: " + ListFile.whyNot(name));
        }
        return f;
    }

    /** The target a body describes, or a 400 naming the field. */
    static TargetSpec spec(TargetInput input) {
        try {
            return input.spec();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    /** The id of a change that was done; a 404 or 409 with the reason otherwise. */
    static long answer(TargetChange c) {
        return switch (c.outcome()) {
            case NOT_FOUND -> throw new ApiError(404, c.reason());
            case REFUSED -> throw new ApiError(409, c.reason());
            default -> c.id();
        };
    }

    private Feed.TargetState published(long id) {
        return reads.published(id).orElseThrow(() -> new ApiError(404, "no target #" + id));
    }

    private TargetsExport.Entry entry(long id) {
        return reads.published(id).map(t -> TargetsExport.entry(t, publishCredentials)).orElse(null);
    }

    static long id(Context ctx) {
        return Params.pathId(ctx, "target");
    }
}
