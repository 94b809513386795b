package dogdorm.dealer.pending;

/**
 * Something kept in memory whose changes are stored by the flusher: it hands over what changed since the last
 * take, and hears how the write went. {@link #take()} and the state changes it reports are guarded by the owner's
 * own lock, so one take is always a consistent cut (a target's new state together with the incident it opened).
 *
 * @param <T> what one take holds
 */
public interface Pending<T> {
    /** What changed since the last take; the owner forgets it until {@link #giveBack} or {@link #stored}. */
    T take();

    /** The write of {@code taken} failed: keep it for the next flush (newer changes win). */
    void giveBack(T taken);

    /** {@code taken} is in the store. */
    void stored(T taken);

    /** How many changes wait to be stored now (cheap: for {@code /healthz} and {@code /metrics}). */
    int waiting();
}
