package dogdorm.dealer.http;

import io.javalin.http.Context;

/**
 * What {@link App} needs for the routes that change targets: the JSON API, the pages, and their guards. Reading
 * targets stays open ({@code GET /api/targets...}, a target's page, the exports, which carry no secret); every
 * change, and the pages that make one ({@code /targets/new}, {@code /targets/{id}/edit}), need the admin's basic
 * auth ({@link AdminAuth}) and then the CSRF check ({@link Csrf}) before they run, as the heartbeat routes do.
 */
public record TargetRoutes(TargetsApi api, TargetPages pages, AdminAuth auth, Csrf csrf) {

    /** Before {@code /api/targets} and {@code /api/targets/*}: a change needs the admin, and JSON (or CSV). */
    public void guardApi(Context ctx) {
        if (reads(ctx)) {
            return;
        }
        auth.handle(ctx);
        csrf.checkApiOrCsv(ctx);
    }

    /**
     * Before {@code /targets/*}: a change, or a page that makes one, needs the admin and the form's token; a
     * target's own page ({@code /targets/{id}}, nothing after the id) is open.
     */
    public void guardPages(Context ctx) {
        String rest = ctx.path().substring(Math.min(ctx.path().length(), "/targets/".length()))
                .replaceAll("/+$", "");
        if (reads(ctx) && !rest.contains("/") && !rest.equals("new")) {
            return;
        }
        auth.handle(ctx);
        csrf.checkForm(ctx);
    }

    private static boolean reads(Context ctx) {
        String m = ctx.method().name();
        return m.equals("GET") || m.equals("HEAD");
    }
}
