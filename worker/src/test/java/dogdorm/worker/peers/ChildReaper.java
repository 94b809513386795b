package dogdorm.worker.peers;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills every process a test JVM started when that JVM exits, also when a test never reached its own cleanup
 * (a timeout, an interrupted build): a server or dealer left running would keep its ports and could serve the
 * next build's tests.
 */
public final class ChildReaper {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private ChildReaper() {}

    /** Installs the exit hook once per JVM; call before starting a child process. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                    .forEach(ProcessHandle::destroyForcibly), "child-reaper"));
        }
    }
}
