package dogdorm.common.cli;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful stop on SIGTERM and SIGINT: runs the stop action once, then exits with the status it returns, 0 when it
 * went well (a plain shutdown hook would make the JVM exit 143, which service managers report as a failure).
 */
public final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    public static void onStop(String what, Runnable stop) {
        onStop(what, () -> {
            stop.run();
            return 0;
        });
    }

    /** As {@link #onStop(String, Runnable)}; the stop action returns the exit status. */
    public static void onStop(String what, IntSupplier stop) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (ran) {
                    return;
                }
                ran = true;
                int status;
                try {
                    status = stop.getAsInt();
                } catch (RuntimeException e) {
                    log.error("error while stopping the {}", what, e);
                    status = 1;
                }
                Runtime.getRuntime().halt(status);
            }
        };
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    log.info("SIG{} received: stopping the {}", name, what);
                    Thread.ofPlatform().name("stop").start(once);
                });
            } catch (IllegalArgumentException e) {
                log.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
