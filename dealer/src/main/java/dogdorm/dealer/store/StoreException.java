package dogdorm.dealer.store;

/** The store could not do what was asked (disk full, locked file, corrupt database, ...). */
public final class StoreException extends Exception {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
