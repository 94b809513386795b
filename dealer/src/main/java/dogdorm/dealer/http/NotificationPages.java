package dogdorm.dealer.http;

import dogdorm.dealer.notify.EmailSettings;
import dogdorm.dealer.notify.Receiver;
import dogdorm.dealer.notify.ReceiverFilter;
import dogdorm.dealer.notify.ReceiverKind;
import dogdorm.dealer.notify.Receivers;
import dogdorm.dealer.table.Tags;
import dogdorm.dealer.view.NotificationsPage;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The notifications page: {@code GET /notifications}, and its forms, each a POST with the CSRF token ({@link Csrf},
 * checked before these run): add a receiver (answered with a redirect, or the page again with the error), delete
 * one (a redirect), send one a test (the page again, saying whether it was delivered).
 */
public final class NotificationPages {
    private final Receivers receivers;
    private final NotificationsPage page;
    private final Csrf csrf;

    public NotificationPages(Receivers receivers, NotificationsPage page, Csrf csrf) {
        this.receivers = receivers;
        this.page = page;
        this.csrf = csrf;
    }

    public void list(Context ctx) {
        show(ctx, null, null, null);
    }

    public void create(Context ctx) {
        NotificationsPage.Form form = form(ctx);
        Receiver r;
        try {
            r = receiver(ctx, form);
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            show(ctx, form, e.getMessage(), null);
            return;
        }
        Receiver added = NotificationsApi.stored(() -> receivers.add(r));
        ctx.redirect("/notifications#nt-" + added.id(), HttpStatus.SEE_OTHER);
    }

    public void delete(Context ctx) {
        long id = NotificationsApi.id(ctx);
        if (!NotificationsApi.stored(() -> receivers.delete(id))) {
            throw NotificationsApi.notFound(id);
        }
        ctx.redirect("/notifications", HttpStatus.SEE_OTHER);
    }

    public void test(Context ctx) {
        long id = NotificationsApi.id(ctx);
        Receiver r = receivers.get(id).orElseThrow(() -> NotificationsApi.notFound(id));
        String why = receivers.test(r);
        if (why != null) {
            ctx.status(502);
        }
        show(ctx, null, null, why == null
                ? new NotificationsPage.Outcome(true, "Test sent to receiver #" + id + " (" + r.name() + "): delivered.")
                : new NotificationsPage.Outcome(false, NotificationsApi.testFailed(r, why)));
    }

    private void show(Context ctx, NotificationsPage.Form form, String error, NotificationsPage.Outcome outcome) {
        ctx.header("Cache-Control", "no-store").html(page.render(NotificationsApi.views(receivers), csrf.tokenFor(ctx),
                form, error, outcome));
    }

    /** What was typed, less the URL and the password (a page never shows them again). */
    private static NotificationsPage.Form form(Context ctx) {
        List<String> events = ctx.formParams("events");
        return new NotificationsPage.Form(text(ctx, "name"), text(ctx, "kind"), text(ctx, "host"), text(ctx, "port"),
                ctx.formParam("starttls") != null, text(ctx, "user"), text(ctx, "from"), text(ctx, "to"),
                text(ctx, "targets"), text(ctx, "lists"), text(ctx, "tags"), events == null ? List.of() : events);
    }

    private static Receiver receiver(Context ctx, NotificationsPage.Form f) {
        ReceiverKind kind = ReceiverKind.parse(f.kind());
        List<Long> targets = new ArrayList<>();
        for (String t : words(f.targets())) {
            try {
                targets.add(Long.parseLong(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("filter.targets: '" + t + "' is not a target id");
            }
        }
        ReceiverFilter filter = ReceiverFilter.checked(targets, words(f.lists()),
                Tags.words(f.tags()), f.events());
        EmailSettings email = null;
        if (!kind.webhook()) {
            int port;
            if (f.port().isBlank()) {
                port = EmailSettings.defaultPort(f.starttls());
            } else {
                try {
                    port = Integer.parseInt(f.port().strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("email.port: '" + f.port().strip() + "' is not a whole number");
                }
            }
            email = new EmailSettings(f.host(), port, f.starttls(), f.user(), text(ctx, "password"), f.from(),
                    words(f.to()));
        }
        String url = text(ctx, "url");
        return new Receiver(0, f.name(), kind, kind.webhook() || !url.isBlank() ? url : null, email, filter, null);
    }

    /** {@code "a, b ,c"} -> {@code [a, b, c]}; blank -> none. */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.split(",")) {
            if (!w.isBlank()) {
                out.add(w.strip());
            }
        }
        return out;
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }
}
