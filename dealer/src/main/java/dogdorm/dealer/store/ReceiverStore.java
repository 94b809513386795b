package dogdorm.dealer.store;

import dogdorm.dealer.notify.Receiver;
import java.util.List;

/**
 * The notification receivers defined at run time. Unlike the flushed state, each change is written at once, in
 * its own transaction (a person made it and waits for the answer); ids are given here and never reused.
 */
public interface ReceiverStore {
    /** Every receiver, by id. */
    List<Receiver> receivers() throws StoreException;

    /** Stores a new receiver (its id is ignored) and returns it with the id it got. */
    Receiver addReceiver(Receiver r) throws StoreException;

    /** Replaces the receiver with {@code r}'s id (its creation time stays); false when there is none. */
    boolean updateReceiver(Receiver r) throws StoreException;

    /** False when there is no receiver {@code id}. */
    boolean deleteReceiver(long id) throws StoreException;
}
