package dogdorm.worker.probe;

import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code tcp}: up when a TCP connection to ip:port is accepted within the timeout. Latency is the connect time of
 * the attempt that connected.
 *
 * <p><b>A lost packet is not an outage.</b> Linux sends a lost SYN again only after 1 s, so with a short timeout
 * one lost packet would fail the whole check. While no attempt has an answer, a new one starts on a fresh socket
 * (a fresh SYN at once) every {@link #spacing} (a third of the timeout; at most three), and
 * whichever connects first wins; a refusal (RST) from any ends the check, since it is an answer, not a loss. The
 * detail says {@code attempts} when more than one was needed.
 */
public final class TcpProbe implements Probe {
    private final Resolver resolver;

    public TcpProbe(Resolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Kind kind() {
        return Kind.TCP;
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        TimeBudget budget = TimeBudget.of(timeout);
        InetAddress address;
        try {
            address = resolver.addressOf(target);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        InetSocketAddress to = new InetSocketAddress(address, target.port());
        long spacing = spacing(timeout).toNanos();
        List<Attempt> attempts = new ArrayList<>(MAX_ATTEMPTS);
        CompletableFuture<Result> won = new CompletableFuture<>();
        try {
            Result r = null;
            while (r == null) {
                Attempt a = Attempt.start(to, budget);
                attempts.add(a);
                a.done.thenAccept(x -> {
                    if (x.connectMs() != null || x.error() != null && !x.timedOut()) {
                        won.complete(x); // connected, or an answer that is no loss (refused, no route)
                    }
                });
                long nextAt = attempts.size() < MAX_ATTEMPTS ? spacing * attempts.size() : timeout.toNanos();
                long wait = Math.min(nextAt, timeout.toNanos()) - (System.nanoTime() - budget.start());
                try {
                    r = won.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (budget.expired() || nextAt >= timeout.toNanos()) {
                        r = Result.timeout();
                    }
                } catch (ExecutionException e) {
                    r = new Result(null, String.valueOf(e.getCause()), false);
                }
            }
            if (r.timedOut()) {
                return ProbeReport.down("connect timed out after " + timeout.toMillis() + " ms");
            }
            if (r.error() != null) {
                return ProbeReport.down(r.error());
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("address", address.getHostAddress());
            if (attempts.size() > 1) {
                detail.put("attempts", attempts.size());
            }
            return ProbeReport.up(r.connectMs(), detail);
        } finally {
            for (Attempt a : attempts) {
                a.close();
            }
        }
    }

    /** At most this many connects per check. */
    static final int MAX_ATTEMPTS = 3;

    /**
     * How long an attempt has alone before the next starts: a third of the timeout (a 1 s check tries at 0, 333
     * and 667 ms; earlier attempts keep waiting, so a slow server is no worse off), and never under 100 ms.
     */
    static Duration spacing(Duration timeout) {
        Duration third = timeout.dividedBy(MAX_ATTEMPTS);
        return third.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : third;
    }

    /** How one attempt ended: connected (its connect time), or an error, or no answer in time. */
    record Result(Double connectMs, String error, boolean timedOut) {
        static Result timeout() {
            return new Result(null, "timeout", true);
        }
    }

    /** One connect on its own socket and virtual thread, cut at the check's deadline. */
    private static final class Attempt implements AutoCloseable {
        private final Socket socket = new Socket();
        final CompletableFuture<Result> done = new CompletableFuture<>();

        static Attempt start(InetSocketAddress to, TimeBudget budget) {
            Attempt a = new Attempt();
            Thread.ofVirtual().name("tcp-connect").start(() -> a.run(to, budget));
            return a;
        }

        private void run(InetSocketAddress to, TimeBudget budget) {
            long start = System.nanoTime();
            try {
                socket.connect(to, budget.socketTimeout());
                done.complete(new Result(ProbeReport.millisSince(start), null, false));
            } catch (SocketTimeoutException e) {
                done.complete(Result.timeout());
            } catch (ConnectException e) {
                done.complete(new Result(null, "connection refused", false));
            } catch (NoRouteToHostException e) {
                done.complete(new Result(null, "no route to host", false));
            } catch (IOException e) {
                // closed by the check (the other attempt won, or the deadline passed), or another network error
                done.complete(socket.isClosed() ? Result.timeout() : new Result(null, String.valueOf(e.getMessage()),
                        false));
            }
        }

        /** Its result within {@code nanos}, or null when it has none yet. */
        Result await(long nanos) throws InterruptedException {
            try {
                return done.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return null;
            } catch (ExecutionException e) {
                return new Result(null, String.valueOf(e.getCause()), false);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to release
            }
        }
    }
}
