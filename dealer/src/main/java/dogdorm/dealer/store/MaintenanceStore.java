package dogdorm.dealer.store;

import dogdorm.dealer.maintenance.Window;
import dogdorm.dealer.maintenance.Windows;

/**
 * The maintenance windows. They are written through, one change at a time, when the admin makes it (the dealer
 * holds the flusher's write lock meanwhile, so the store still has one writer at a time), and read at start.
 */
public interface MaintenanceStore {
    /** Every window, and the highest window id ever given. */
    Windows.Stored maintenanceWindows() throws StoreException;

    /** Adds a window, or replaces the one with its id; the highest id given rises to it. */
    void saveMaintenanceWindow(Window w) throws StoreException;

    /** Deletes a window; false when there was none. */
    boolean deleteMaintenanceWindow(long id) throws StoreException;
}
