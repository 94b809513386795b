package dogdorm.worker.peers;

/** A real server a test talks to, run as one {@link PeerProcess}: its log for failures, and stopping it. */
public abstract class Peer implements AutoCloseable {
    protected final PeerProcess process;

    protected Peer(PeerProcess process) {
        this.process = process;
    }

    /** The end of the server's own log, for a failing test's message. */
    public String logTail() {
        return process.logTail();
    }

    @Override
    public void close() {
        process.close();
    }
}
