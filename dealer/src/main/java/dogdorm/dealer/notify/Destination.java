package dogdorm.dealer.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place events are sent to, with its own bounded queue and its own thread: a slow or dead receiver delays only
 * itself. A subclass says how one event is delivered ({@link #deliver}, with its retries) and how one attempt is
 * made for the "send a test" button ({@link #tryOnce}). {@link #name()} is what logs may show: never a secret.
 */
public abstract class Destination implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Destination.class);

    /** An event waiting, and what runs when this destination is done with it. */
    public record Offered(Event event, Runnable done) {}

    private final String name;
    private final BlockingQueue<Offered> queue;
    private final AtomicLong delivered = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    /** Takes what is left when this destination is stopped (nothing by default: it is sent at the next start). */
    private volatile Consumer<Offered> leftover = o -> { };

    protected Destination(String name, int capacity) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("notify " + name).start(this::run);
    }

    /** What logs call it: kind, scheme and host, never a path, token or password. */
    public String name() {
        return name;
    }

    public void offer(Event e) {
        offer(e, () -> { });
    }

    /**
     * Queues an event; never blocks. When the queue is full the oldest waiting event is dropped (and logged).
     * {@code done} runs once this destination is done with the event: delivered, given up on, or dropped.
     */
    public void offer(Event e, Runnable done) {
        Offered o = new Offered(e, done);
        while (!queue.offer(o)) {
            Offered oldest = queue.poll();
            if (oldest != null) {
                log.warn("{}: queue full, dropped {} of {}", name, oldest.event().type(), oldest.event().at());
                oldest.done().run();
            }
        }
    }

    private void run() {
        while (running) {
            Offered o;
            try {
                o = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                break;
            }
            if (o != null) {
                if (deliver(o.event())) {
                    o.done().run();
                } else {
                    leftover.accept(o);
                }
            }
        }
    }

    /**
     * Delivers {@code e}, trying again as the kind allows while {@link #running()}. Returns false only when this
     * destination was stopped meanwhile (the event is then left over); true when it is done with it, delivered or
     * given up on.
     */
    protected abstract boolean deliver(Event e);

    /** One attempt, now, on the caller's thread: null when delivered, else why not (with no secret in it). */
    public abstract String tryOnce(Event e);

    protected final boolean running() {
        return running;
    }

    /** Events delivered so far. */
    public long delivered() {
        return delivered.get();
    }

    /** Counts one event delivered (a subclass says so when its receiver took it). */
    protected final void countDelivered() {
        delivered.incrementAndGet();
    }

    /**
     * Stops the thread; every event not done with (waiting, or under way: that one once its attempt ends) goes to
     * {@code left}, in order: a receiver replaced hands them to its successor, one deleted lets them go.
     */
    public void stop(Consumer<Offered> left) {
        this.leftover = left;
        running = false;
        thread.interrupt();
        List<Offered> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        waiting.forEach(left);
    }

    /** Stops at the dealer's stop: what was not sent is sent again at the next start (the outbox keeps it). */
    @Override
    public void close() {
        stop(o -> { });
    }
}
