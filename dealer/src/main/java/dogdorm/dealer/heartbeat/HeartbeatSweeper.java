package dogdorm.dealer.heartbeat;

/**
 * The periodic duty that notices deadlines passing ({@code --heartbeat-sweep}, every 10 s by default): a token
 * not pinged within its interval goes late, within interval + grace down. Pings and edits record their own
 * transitions at once; this catches the ones only time brings. Each transition is recorded once (the table
 * compares the derived state with the recorded one), so sweeping twice records nothing new.
 */
public final class HeartbeatSweeper implements Runnable {
    private final Heartbeats heartbeats;

    public HeartbeatSweeper(Heartbeats heartbeats) {
        this.heartbeats = heartbeats;
    }

    @Override
    public void run() {
        heartbeats.sweep();
    }
}
