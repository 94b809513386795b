package dogdorm.dealer.http;

import dogdorm.dealer.core.Core;
import dogdorm.dealer.core.Feed;
import dogdorm.dealer.core.TargetChange;
import dogdorm.dealer.imports.CsvImport;
import dogdorm.dealer.imports.ListFile;
import dogdorm.dealer.read.ReadModel;
import dogdorm.dealer.table.TargetSpec;
import dogdorm.dealer.view.ImportReport;
import dogdorm.dealer.view.TargetForms;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;

/**
 * The pages that change targets: {@code /targets/new} (add, import, export), {@code /targets/{id}/edit}, and the
 * buttons of a target's page (pause, resume, delete). Each change is a POST from a form with the CSRF token
 * ({@link Csrf}, checked before these run), answered with a redirect (303), or with the form again and the reason
 * (400, 404, 409).
 */
public final class TargetPages {
    private final Core core;
    private final ReadModel reads;
    private final Saved saved;
    private final TargetForms forms;
    private final Csrf csrf;

    public TargetPages(Core core, ReadModel reads, Saved saved, TargetForms forms, Csrf csrf) {
        this.core = core;
        this.reads = reads;
        this.saved = saved;
        this.forms = forms;
        this.csrf = csrf;
    }

    /** {@code GET /targets/new}. */
    public void add(Context ctx) {
        ctx.header("Cache-Control", "no-store").html(forms.add(null, null, csrf.tokenFor(ctx), null, null));
    }

    /** {@code POST /targets/new}: the target's page once added. */
    public void create(Context ctx) {
        TargetForms.Form form = form(ctx);
        TargetChange c;
        try {
            TargetSpec spec = form.input().spec();
            c = saved.of(core.create(spec));
        } catch (IllegalArgumentException e) {
            again(ctx, 400, form, e.getMessage());
            return;
        }
        if (!c.done()) {
            again(ctx, 409, form, c.reason());
            return;
        }
        ctx.redirect("/targets/" + c.id(), HttpStatus.SEE_OTHER);
    }

    private void again(Context ctx, int status, TargetForms.Form form, String error) {
        ctx.status(status).header("Cache-Control", "no-store").html(forms.add(form, error, csrf.tokenFor(ctx), null,
                null));
    }

    /** {@code GET /targets/{id}/edit}: for a target added in the UI (a list file's is refused with 409). */
    public void edit(Context ctx) {
        Feed.TargetState t = ours(ctx);
        ctx.header("Cache-Control", "no-store").html(forms.edit(t, name(t), null, null, csrf.tokenFor(ctx)));
    }

    /** {@code POST /targets/{id}/edit}: back to the target's page once saved. */
    public void update(Context ctx) {
        Feed.TargetState t = ours(ctx);
        TargetForms.Form form = form(ctx);
        boolean remove = ctx.formParam("remove_password") != null;
        String password = form.password().isEmpty() && !remove ? t.spec().password() : form.password();
        TargetForms.Form withPassword = new TargetForms.Form(form.kind(), form.family(), form.transport(), form.ip(),
                form.port(), form.host(), form.user(), password == null ? "" : password, form.interval(),
                form.timeout(), form.vantage(), form.tags(), form.options());
        TargetChange c;
        try {
            c = saved.of(core.edit(t.id(), withPassword.input().spec()));
        } catch (IllegalArgumentException e) {
            ctx.status(400).html(forms.edit(t, name(t), form, e.getMessage(), csrf.tokenFor(ctx)));
            return;
        }
        if (!c.done()) {
            ctx.status(c.outcome() == TargetChange.Outcome.NOT_FOUND ? 404 : 409)
                    .html(forms.edit(t, name(t), form, c.reason(), csrf.tokenFor(ctx)));
            return;
        }
        ctx.redirect("/targets/" + t.id(), HttpStatus.SEE_OTHER);
    }

    public void pause(Context ctx) {
        long id = TargetsApi.answer(saved.of(core.pause(TargetsApi.id(ctx))));
        ctx.redirect("/targets/" + id, HttpStatus.SEE_OTHER);
    }

    public void resume(Context ctx) {
        long id = TargetsApi.answer(saved.of(core.resume(TargetsApi.id(ctx))));
        ctx.redirect("/targets/" + id, HttpStatus.SEE_OTHER);
    }

    public void delete(Context ctx) {
        TargetsApi.answer(saved.of(core.delete(TargetsApi.id(ctx))));
        ctx.redirect("/servers", HttpStatus.SEE_OTHER);
    }

    /**
     * {@code POST /targets/import}, a form with a file: the list it holds is named by the form's {@code list}
     * field, else by the file's name when that is a list file's, else by its {@code # list=} lines.
     */
    public void importFile(Context ctx) throws IOException {
        UploadedFile file = ctx.uploadedFile("file");
        String token = csrf.tokenFor(ctx);
        if (file == null || file.size() == 0) {
            ctx.status(400).html(forms.add(null, null, token, null, "file: choose a CSV file to import"));
            return;
        }
        ImportReport report;
        try (InputStream in = file.content()) {
            String given = CsvImport.listName(ctx.formParam("list"));
            String named = CsvImport.listName(file.filename());
            String list = given != null ? TargetsApi.list(given).name()
                    : named != null && ListFile.of(named) != null ? named : null;
            report = TargetsApi.importText(core, saved, TargetsApi.text(in.readAllBytes()), list);
        } catch (ApiError e) {
            if (e.status() != 400) {
                throw e;
            }
            ctx.status(400).html(forms.add(null, null, token, null, e.getMessage()));
            return;
        }
        ctx.header("Cache-Control", "no-store").html(forms.add(null, null, token, report, null));
    }

    /** The target of the path, which must be one added in the UI: 404 or 409 otherwise. */
    private Feed.TargetState ours(Context ctx) {
        long id = TargetsApi.id(ctx);
        Feed.TargetState t = reads.published(id).orElseThrow(() -> new ApiError(404, "no target #" + id));
        if (!t.spec().fromUi()) {
            throw new ApiError(409, "target #" + id + " comes from " + t.spec().source() + ", not the UI: edit the "
                    + "file to change it (list files stay the source of their own rows; pausing it is allowed)");
        }
        return t;
    }

    private String name(Feed.TargetState t) {
        return reads.view(t.id()).map(v -> v.name()).orElse("#" + t.id());
    }

    private static TargetForms.Form form(Context ctx) {
        return new TargetForms.Form(text(ctx, "kind"), text(ctx, "family"), text(ctx, "transport"), text(ctx, "ip"),
                text(ctx, "port"), text(ctx, "host"), text(ctx, "user"), text(ctx, "password"), text(ctx, "interval"),
                text(ctx, "timeout"), text(ctx, "vantage"), text(ctx, "tags"), text(ctx, "options"));
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }
}
