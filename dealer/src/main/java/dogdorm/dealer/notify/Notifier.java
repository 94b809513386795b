package dogdorm.dealer.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/**
 * Fans each event out to every {@code --notify} webhook; publishing never blocks the caller. The callback given with
 * an event runs once every webhook is done with it (delivered, or given up on, or dropped from a full queue).
 */
public final class Notifier implements AutoCloseable {
    private final List<Webhook> hooks = new ArrayList<>();

    public Notifier(List<String> specs, ObjectMapper json, Duration timeout, int attempts, Duration backoff) {
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(timeout).readTimeout(timeout)
                .writeTimeout(timeout).callTimeout(timeout.multipliedBy(2)).retryOnConnectionFailure(false).build();
        for (String s : specs) {
            hooks.add(new Webhook(s, http, json, 10_000, attempts, backoff));
        }
    }

    public void publish(Event e) {
        publish(e, () -> { });
    }

    public void publish(Event e, Runnable done) {
        if (hooks.isEmpty()) {
            done.run();
            return;
        }
        AtomicInteger left = new AtomicInteger(hooks.size());
        Runnable one = () -> {
            if (left.decrementAndGet() == 0) {
                done.run();
            }
        };
        for (Webhook h : hooks) {
            h.offer(e, one);
        }
    }

    public List<Webhook> hooks() {
        return List.copyOf(hooks);
    }

    @Override
    public void close() {
        hooks.forEach(Webhook::close);
    }
}
