package dogdorm.dealer.notify;

import dogdorm.dealer.pending.Pending;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications that must not be lost. An event caused by a stored change (a target or a heartbeat token going down
 * or up) is recorded with that change, and the flush stores both in one transaction; it is sent once that flush
 * has run (or once a flush that took it failed: an alert does not wait for a broken disk), and deleted from the
 * store when every webhook is done with it. A dealer that dies before that sends it again at its next start, with
 * the same id, so a receiver can tell a repeat from a new event; a restarted dealer never makes a second event for
 * a change it had stored. Ids are given here and never reused. Thread-safe.
 */
public final class Outbox implements Pending<Outbox.Delivered> {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /**
     * The events every webhook is done with (the flush deletes them from the store), and the highest event id given
     * so far (events that are not kept take ids too, and none may be given twice).
     */
    public record Delivered(Set<Long> ids, long lastId) {}

    private final Notifier notifier;
    private final AtomicLong lastId = new AtomicLong();
    /** Handed to the notifier in this run (an event may come back from a failed flush and a later one). */
    private final Set<Long> sent = ConcurrentHashMap.newKeySet();
    private final Set<Long> delivered = new HashSet<>();
    private Runnable soon = () -> { };

    public Outbox(Notifier notifier) {
        this.notifier = notifier;
    }

    /** Told when an event is done with, so its deletion is stored soon. */
    public void onDelivered(Runnable r) {
        this.soon = r;
    }

    /** The next id for an event. */
    public long nextId() {
        return lastId.incrementAndGet();
    }

    /** Takes the highest id the store has seen; then sends again what was stored and not sent (at start). */
    public void restore(List<Event> undelivered, long storedLastId) {
        lastId.accumulateAndGet(storedLastId, Math::max);
        for (Event e : undelivered) {
            lastId.accumulateAndGet(e.id(), Math::max);
        }
        if (!undelivered.isEmpty()) {
            log.info("sending again {} event(s) stored and not yet delivered before the last stop",
                    undelivered.size());
        }
        send(undelivered);
    }

    /** Sends the events a flush took (each once in this run), now that the flush has run. */
    public void send(List<Event> events) {
        for (Event e : events) {
            if (sent.add(e.id())) {
                notifier.publish(e, () -> delivered(e.id()));
            }
        }
    }

    /** Sends an event that is not kept (nothing stored causes it: remediation, storage trouble). */
    public void sendNow(Event e) {
        sent.add(e.id());
        notifier.publish(e, () -> sent.remove(e.id()));
    }

    private void delivered(long id) {
        synchronized (this) {
            delivered.add(id);
        }
        soon.run();
    }

    @Override
    public synchronized Delivered take() {
        Delivered d = new Delivered(Set.copyOf(delivered), lastId.get());
        delivered.clear();
        return d;
    }

    @Override
    public synchronized void giveBack(Delivered taken) {
        delivered.addAll(taken.ids());
    }

    @Override
    public void stored(Delivered taken) {
        sent.removeAll(taken.ids()); // stored, then deleted: it will not come from a flush again
    }

    @Override
    public synchronized int waiting() {
        return delivered.size();
    }
}
