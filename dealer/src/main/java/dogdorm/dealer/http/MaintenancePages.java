package dogdorm.dealer.http;

import dogdorm.dealer.maintenance.Maintenance;
import dogdorm.dealer.maintenance.WindowSpec;
import dogdorm.dealer.view.MaintenancePage;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The maintenance page: {@code GET /maintenance}, and the changes, each a POST from a form with the CSRF token
 * ({@link Csrf}, checked before these run), answered with a redirect (303) back; a form with a mistake is shown
 * again with what was typed and a 400.
 */
public final class MaintenancePages {
    private final Maintenance maintenance;
    private final MaintenancePage page;
    private final Csrf csrf;
    private final WindowSpec.Known known;

    public MaintenancePages(Maintenance maintenance, MaintenancePage page, Csrf csrf, WindowSpec.Known known) {
        this.maintenance = maintenance;
        this.page = page;
        this.csrf = csrf;
        this.known = known;
    }

    public void list(Context ctx) {
        show(ctx, null, null);
    }

    public void create(Context ctx) {
        MaintenancePage.Form form = new MaintenancePage.Form(text(ctx, "name"), text(ctx, "target"),
                text(ctx, "list"), text(ctx, "tag"), text(ctx, "start"), text(ctx, "end"), ctx.formParams("days"),
                text(ctx, "time"), text(ctx, "duration"), text(ctx, "tz"));
        WindowSpec spec;
        try {
            spec = WindowSpec.parse(form.fields(), maintenance.windows().now(), known);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            show(ctx, form, e.getMessage());
            return;
        }
        long id = MaintenanceApi.stored(() -> maintenance.create(spec)).id();
        ctx.redirect("/maintenance#mw-" + id, HttpStatus.SEE_OTHER);
    }

    public void delete(Context ctx) {
        long id = MaintenanceApi.id(ctx);
        if (!MaintenanceApi.stored(() -> maintenance.delete(id))) {
            throw MaintenanceApi.notFound(id);
        }
        ctx.redirect("/maintenance", HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, MaintenancePage.Form form, String error) {
        ctx.header("Cache-Control", "no-store").html(page.render(maintenance.windows().all(),
                maintenance.windows().now(), csrf.tokenFor(ctx), form, error));
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }
}
