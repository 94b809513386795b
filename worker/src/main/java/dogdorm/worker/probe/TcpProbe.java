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
import java.util.LinkedHashMap;
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
 * one lost packet would fail the whole check. When the first attempt has no answer after half the timeout, a
 * second one starts on a fresh socket (a fresh SYN at once), and whichever connects first wins; a refusal (RST)
 * from either ends the check, since it is an answer, not a loss. The detail says {@code attempts: 2} when the
 * second was needed.
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
        Attempt first = Attempt.start(to, budget);
        Attempt second = null;
        try {
            Result r = first.await(timeout.toNanos() / 2 - (System.nanoTime() - budget.start()));
            if (r == null) {
                second = Attempt.start(to, budget);
                r = either(first, second, budget);
            }
            if (r == null || r.timedOut()) {
                return ProbeReport.down("connect timed out after " + timeout.toMillis() + " ms");
            }
            if (r.error() != null) {
                return ProbeReport.down(r.error());
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("address", address.getHostAddress());
            if (second != null) {
                detail.put("attempts", 2);
            }
            return ProbeReport.up(r.connectMs(), detail);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** The first success of two attempts, else the first answer (refused, no route), else a timeout. */
    private static Result either(Attempt a, Attempt b, TimeBudget budget) throws InterruptedException {
        CompletableFuture<Result> won = new CompletableFuture<>();
        for (Attempt x : new Attempt[] {a, b}) {
            x.done.thenAccept(r -> {
                if (r.error() != null && !r.timedOut() || r.connectMs() != null) {
                    won.complete(r); // connected, or an answer that is no loss (refused, no route)
                }
            });
        }
        CompletableFuture.allOf(a.done, b.done).thenRun(() -> won.complete(Result.timeout()));
        try {
            return won.get(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Result.timeout();
        } catch (ExecutionException e) {
            return new Result(null, String.valueOf(e.getCause()), false);
        }
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
