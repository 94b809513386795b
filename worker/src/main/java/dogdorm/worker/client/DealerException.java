package dogdorm.worker.client;

import java.io.IOException;

/** The dealer answered, but not with what was asked for: an HTTP error or a malformed body. */
public final class DealerException extends IOException {
    private final int status;

    public DealerException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
