package dogdorm.dealer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each event out to every {@code --notify} webhook and to each run-time {@link Receiver} whose filter takes
 * it; publishing never blocks the caller. The callback given with an event runs once every destination it went to
 * is done with it (delivered, or given up on, or dropped from a full queue, or its receiver deleted). Receivers are
 * put and removed while the dealer runs ({@link #put}, {@link #remove}): a changed one takes over what its old
 * self had not sent yet.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int CAPACITY = 10_000;

    /** A receiver and where it sends. */
    private record Active(Receiver receiver, Destination destination) {}

    private final List<Webhook> hooks = new ArrayList<>();
    private final OkHttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int attempts;
    private final Duration backoff;
    private final LongFunction<Subject> subjects;
    /** Replaced whole on each change (under this object's lock), read without it. */
    private volatile Map<Long, Active> receivers = Map.of();

    public Notifier(List<String> specs, ObjectMapper json, Duration timeout, int attempts, Duration backoff) {
        this(specs, json, timeout, attempts, backoff, id -> null);
    }

    /** @param subjects what is known of a target (its list and tags) for the receivers' filters; null: no target */
    public Notifier(List<String> specs, ObjectMapper json, Duration timeout, int attempts, Duration backoff,
                    LongFunction<Subject> subjects) {
        // A receiver (or a proxy before it) closes a connection left idle, often after a second or so; OkHttp reuses
        // it at once and the request meets a closed socket. Retrying on such a failure (OkHttp tries a fresh
        // connection) makes that a delivery instead of a failed attempt. An event may then reach a receiver twice if
        // a connection dies after the receiver read it: each carries its id for receivers that must not repeat it.
        this.http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                .writeTimeout(timeout).callTimeout(timeout.multipliedBy(2)).retryOnConnectionFailure(true).build();
        this.json = json;
        this.timeout = timeout;
        this.attempts = attempts;
        this.backoff = backoff;
        this.subjects = subjects;
        for (String s : specs) {
            hooks.add(new Webhook(s, http, json, CAPACITY, attempts, backoff));
        }
    }

    public void publish(Event e) {
        publish(e, () -> { });
    }

    public void publish(Event e, Runnable done) {
        List<Destination> to = new ArrayList<>(hooks);
        for (Active a : receivers.values()) {
            if (a.receiver().filter().takes(e, subjects)) {
                to.add(a.destination());
            }
        }
        if (to.isEmpty()) {
            done.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(to.size());
        Runnable one = () -> {
            if (left.decrementAndGet() == 0) {
                done.run();
            }
        };
        for (Destination d : to) {
            d.offer(e, one);
        }
    }

    /**
     * Starts sending to {@code r} (stored, so with an id), or to its new settings: what its old self had not sent
     * yet goes to the new one if its filter still takes it.
     */
    public synchronized void put(Receiver r) {
        Destination fresh = destination(r);
        Map<Long, Active> next = new HashMap<>(receivers);
        Active old = next.put(r.id(), new Active(r, fresh));
        receivers = Map.copyOf(next);
        if (old != null) {
            old.destination().stop(o -> {
                if (r.filter().takes(o.event(), subjects)) {
                    fresh.offer(o.event(), o.done());
                } else {
                    o.done().run();
                }
            });
        }
    }

    /** Stops sending to receiver {@code id}; what it had not sent yet is let go. */
    public synchronized void remove(long id) {
        Map<Long, Active> next = new HashMap<>(receivers);
        Active old = next.remove(id);
        receivers = Map.copyOf(next);
        if (old != null) {
            AtomicInteger dropped = new AtomicInteger();
            old.destination().stop(o -> {
                dropped.incrementAndGet();
                o.done().run();
            });
            if (dropped.get() > 0) {
                log.info("receiver #{} deleted: {} event(s) it had not sent are let go", id, dropped.get());
            }
        }
    }

    /**
     * Sends {@code e} to {@code r} alone, now, once: null when delivered, else why not (no secret in it). Uses the
     * receiver's own destination when it is running, else one made for this attempt.
     */
    public String test(Receiver r, Event e) {
        Active a = receivers.get(r.id());
        if (a != null && a.receiver().equals(r)) {
            return a.destination().tryOnce(e);
        }
        Destination once = destination(r);
        try {
            return once.tryOnce(e);
        } finally {
            once.close();
        }
    }

    /** How many events receiver {@code id} delivered in this run (0 when it is not running). */
    public long delivered(long id) {
        Active a = receivers.get(id);
        return a == null ? 0 : a.destination().delivered();
    }

    private Destination destination(Receiver r) {
        return r.kind().webhook() ? new Webhook(r.kind(), r.url(), http, json, CAPACITY, attempts, backoff)
                : new Email(r.email(), timeout, CAPACITY, attempts, backoff);
    }

    /** The {@code --notify} webhooks. */
    public List<Webhook> hooks() {
        return List.copyOf(hooks);
    }

    @Override
    public synchronized void close() {
        hooks.forEach(Webhook::close);
        receivers.values().forEach(a -> a.destination().close());
        receivers = Map.of();
    }
}
