package dogdorm.dealer.maintenance;

import dogdorm.dealer.store.MaintenanceStore;
import dogdorm.dealer.store.StoreException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin's changes to the maintenance windows: each is written to the store first and made in memory
 * ({@link Windows}) only once stored, so what the dealer acts on is what it would load again after a restart. One
 * change at a time.
 */
public final class Maintenance {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    /** Runs a store write between flushes (the flusher's {@code writeNow}). */
    @FunctionalInterface
    public interface Writer {
        void write(Write w) throws StoreException;
    }

    /** One write on the store. */
    @FunctionalInterface
    public interface Write {
        void run(MaintenanceStore store) throws StoreException;
    }

    private final Windows windows;
    private final Writer writer;

    public Maintenance(Windows windows, Writer writer) {
        this.windows = windows;
        this.writer = writer;
    }

    public Windows windows() {
        return windows;
    }

    public synchronized Window create(WindowSpec spec) throws StoreException {
        Window w = new Window(windows.nextId(), spec.name(), spec.scope(), spec.times(), windows.now());
        writer.write(s -> s.saveMaintenanceWindow(w));
        windows.put(w);
        log.info("maintenance window #{} added: {}, {}", w.id(), w.scope(), w.times());
        return w;
    }

    /** Replaces a window's name, scope and times; empty when there is no such window. */
    public synchronized Optional<Window> update(long id, WindowSpec spec) throws StoreException {
        Optional<Window> old = windows.get(id);
        if (old.isEmpty()) {
            return old;
        }
        Window w = old.get().with(spec);
        writer.write(s -> s.saveMaintenanceWindow(w));
        windows.put(w);
        log.info("maintenance window #{} changed: {}, {}", w.id(), w.scope(), w.times());
        return Optional.of(w);
    }

    /** False when there is no such window. */
    public synchronized boolean delete(long id) throws StoreException {
        if (windows.get(id).isEmpty()) {
            return false;
        }
        writer.write(s -> s.deleteMaintenanceWindow(id));
        windows.remove(id);
        log.info("maintenance window #{} deleted", id);
        return true;
    }
}
