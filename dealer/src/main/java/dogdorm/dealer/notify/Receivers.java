package dogdorm.dealer.notify;

import dogdorm.dealer.store.ReceiverStore;
import dogdorm.dealer.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification receivers defined at run time: each change is stored first, then takes effect in the
 * {@link Notifier} at once (no restart). A dealer standing by lists them (read from the store) and sends nothing:
 * only a leading dealer {@link #start}s them. Thread-safe; changes are made one at a time.
 */
public final class Receivers {
    private static final Logger log = LoggerFactory.getLogger(Receivers.class);

    private final ReceiverStore store;
    private final Notifier notifier;
    private final Clock clock;
    private final LongSupplier eventIds;
    private volatile List<Receiver> all;
    private boolean started;

    /** @param eventIds gives the test messages their event ids (the outbox's, never reused) */
    public Receivers(ReceiverStore store, Notifier notifier, Clock clock, LongSupplier eventIds)
            throws StoreException {
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.eventIds = eventIds;
        this.all = List.copyOf(store.receivers());
    }

    /** Starts sending to the stored receivers (a leading dealer). */
    public synchronized void start() {
        started = true;
        all.forEach(notifier::put);
        if (!all.isEmpty()) {
            log.info("{} notification receiver(s) from the database", all.size());
        }
    }

    /** Every receiver, by id. */
    public List<Receiver> all() {
        return all;
    }

    public Optional<Receiver> get(long id) {
        return all.stream().filter(r -> r.id() == id).findFirst();
    }

    /** The {@code --notify} webhooks: they take everything and are changed only on the command line. */
    public List<Webhook> commandLine() {
        return notifier.hooks();
    }

    /** How many events receiver {@code id} delivered since this dealer started. */
    public long delivered(long id) {
        return notifier.delivered(id);
    }

    /** Stores {@code r} as a new receiver (created now) and starts sending to it. */
    public synchronized Receiver add(Receiver r) throws StoreException {
        Receiver stored = store.addReceiver(r.withId(0, clock.instant()));
        replace(stored);
        log.info("notification receiver #{} added: {}", stored.id(), stored);
        return stored;
    }

    /** Replaces receiver {@code r.id()}'s settings, kept from its creation; empty when there is none. */
    public synchronized Optional<Receiver> update(Receiver r) throws StoreException {
        Optional<Receiver> old = get(r.id());
        if (old.isEmpty()) {
            return Optional.empty();
        }
        Receiver changed = r.withId(r.id(), old.get().created());
        if (!store.updateReceiver(changed)) {
            return Optional.empty();
        }
        replace(changed);
        log.info("notification receiver #{} changed: {}", changed.id(), changed);
        return Optional.of(changed);
    }

    public synchronized boolean delete(long id) throws StoreException {
        if (get(id).isEmpty() || !store.deleteReceiver(id)) {
            return false;
        }
        List<Receiver> next = new ArrayList<>(all);
        next.removeIf(r -> r.id() == id);
        all = List.copyOf(next);
        if (started) {
            notifier.remove(id);
        }
        log.info("notification receiver #{} deleted", id);
        return true;
    }

    /**
     * Sends receiver {@code r} a test message, whatever its filter: null when it was delivered, else why not.
     */
    public String test(Receiver r) {
        Event e = new Event(eventIds.getAsLong(), Event.TEST, clock.instant(), "Test from Dogdorm: notification "
                + "receiver '" + r.name() + "' works.", Map.of("receiver", r.id(), "name", r.name()));
        return notifier.test(r, e);
    }

    private void replace(Receiver r) {
        List<Receiver> next = new ArrayList<>(all);
        next.removeIf(x -> x.id() == r.id());
        next.add(r);
        next.sort(Comparator.comparingLong(Receiver::id));
        all = List.copyOf(next);
        if (started) {
            notifier.put(r);
        }
    }
}
