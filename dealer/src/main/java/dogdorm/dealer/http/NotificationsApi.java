package dogdorm.dealer.http;

import dogdorm.dealer.notify.EmailSettings;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Receiver;
import dogdorm.dealer.notify.ReceiverFilter;
import dogdorm.dealer.notify.ReceiverKind;
import dogdorm.dealer.notify.Receivers;
import dogdorm.dealer.notify.Webhook;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.view.ReceiverView;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/notifications}: list, add, read, change, delete the notification receivers, and send one a test, as
 * JSON behind the admin auth. Bodies are checked with a 400 that names the field (an unknown field too); a change
 * ({@code PUT}) keeps what it leaves out, so the masked URL the API shows need never be sent back. Unknown ids are
 * 404; the {@code --notify} webhooks are listed and cannot be changed here.
 */
public final class NotificationsApi {
    /**
     * A receiver as a request gives it. {@code kind}: json, slack, discord, ntfy (with {@code url}) or email (with
     * {@code email}); {@code filter} may be left out (everything).
     */
    public record Body(String name, String kind, String url, Mail email, Filter filter) {
        /** The receiver this body makes, or makes of {@code old} (null: a new one): what it leaves out is kept. */
        Receiver receiver(Receiver old) {
            try {
                ReceiverKind k = kind != null ? ReceiverKind.parse(kind) : old != null ? old.kind()
                        : ReceiverKind.parse(null);
                String n = name != null ? name : old == null ? null : old.name();
                String u = url;
                EmailSettings e = null;
                if (k.webhook()) {
                    if (email != null) {
                        throw new IllegalArgumentException("email: only for kind email (this is a " + k.wire()
                                + " webhook)");
                    }
                    if (u == null && old != null && old.kind().webhook()) {
                        u = old.url();
                    }
                } else if (email != null) {
                    e = email.settings(old == null ? null : old.email());
                } else if (old != null) {
                    e = old.email();
                }
                ReceiverFilter f = filter != null ? filter.filter() : old == null ? null : old.filter();
                return new Receiver(old == null ? 0 : old.id(), n, k, u, e, f, old == null ? null : old.created());
            } catch (IllegalArgumentException ex) {
                throw ApiError.badRequest(ex.getMessage());
            }
        }
    }

    /**
     * SMTP settings. The port is 587 with STARTTLS (the default) and 25 without when left out; in a change, a
     * field left out keeps its value, and {@code "password": ""} removes the password.
     */
    public record Mail(String host, Integer port, Boolean starttls, String user, String password, String from,
                       List<String> to) {
        EmailSettings settings(EmailSettings old) {
            boolean tls = starttls != null ? starttls : old == null || old.starttls();
            int p = port != null ? port : old != null && old.starttls() == tls ? old.port()
                    : EmailSettings.defaultPort(tls);
            return new EmailSettings(host != null ? host : old == null ? null : old.host(), p, tls,
                    user != null ? user : old == null ? null : old.user(),
                    password != null ? password : old == null ? null : old.password(),
                    from != null ? from : old == null ? null : old.from(),
                    to != null ? to : old == null ? null : old.to());
        }
    }

    /** Which events: each list may be left out or empty (no filter on it). */
    public record Filter(List<Long> targets, List<String> lists, List<String> tags, List<String> events) {
        ReceiverFilter filter() {
            return ReceiverFilter.checked(targets, lists, tags, events);
        }
    }

    private final Receivers receivers;
    private final JsonBody body;

    public NotificationsApi(Receivers receivers, JsonBody body) {
        this.receivers = receivers;
        this.body = body;
    }

    public void list(Context ctx) {
        List<ReceiverView> all = views(receivers);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", all.size());
        out.put("receivers", all);
        out.put("kinds", java.util.Arrays.stream(ReceiverKind.values()).map(ReceiverKind::wire).toList());
        out.put("event_types", Event.TYPES);
        ctx.header("Cache-Control", "no-store").json(out);
    }

    public void create(Context ctx) {
        Receiver r = stored(() -> receivers.add(body.readStrict(ctx, Body.class).receiver(null)));
        ctx.status(201).header("Location", "/api/notifications/" + r.id()).json(view(r));
    }

    public void get(Context ctx) {
        ctx.header("Cache-Control", "no-store").json(view(find(ctx)));
    }

    public void update(Context ctx) {
        Receiver old = find(ctx);
        Receiver changed = body.readStrict(ctx, Body.class).receiver(old);
        ctx.json(view(stored(() -> receivers.update(changed)).orElseThrow(() -> notFound(old.id()))));
    }

    public void delete(Context ctx) {
        long id = id(ctx);
        if (!stored(() -> receivers.delete(id))) {
            throw notFound(id);
        }
        ctx.status(204);
    }

    /** Sends the receiver a test message now: 200 when it was delivered, 502 saying why not. */
    public void test(Context ctx) {
        Receiver r = find(ctx);
        String why = receivers.test(r);
        if (why != null) {
            throw new ApiError(502, testFailed(r, why));
        }
        ctx.json(Map.of("receiver", r.id(), "delivered", true));
    }

    static String testFailed(Receiver r, String why) {
        return "the test to receiver #" + r.id() + " (" + r.name() + ") was not delivered: " + why;
    }

    /** Every receiver as shown: the {@code --notify} webhooks first, then the run-time ones by id. */
    static List<ReceiverView> views(Receivers receivers) {
        List<ReceiverView> all = new ArrayList<>();
        int n = 1;
        for (Webhook w : receivers.commandLine()) {
            all.add(ReceiverView.of(w, n++));
        }
        for (Receiver r : receivers.all()) {
            all.add(ReceiverView.of(r, receivers.delivered(r.id())));
        }
        return all;
    }

    private ReceiverView view(Receiver r) {
        return ReceiverView.of(r, receivers.delivered(r.id()));
    }

    private Receiver find(Context ctx) {
        long id = id(ctx);
        return receivers.get(id).orElseThrow(() -> notFound(id));
    }

    static long id(Context ctx) {
        return Params.pathId(ctx, "receiver");
    }

    static ApiError notFound(long id) {
        return new ApiError(404, "no notification receiver #" + id);
    }

    /** A store call; its failure is a 503 naming the cause. */
    interface StoreCall<T> {
        T call() throws StoreException;
    }

    static <T> T stored(StoreCall<T> call) {
        try {
            return call.call();
        } catch (StoreException e) {
            throw new ApiError(503, "not stored: " + e.getMessage());
        }
    }
}
