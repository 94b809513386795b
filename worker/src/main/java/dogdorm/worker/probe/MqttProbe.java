package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mqtt}: an MQTT broker that accepts a connection (Eclipse Paho; MQTT 3.1.1, or MQTT 5 when the target's
 * option {@code version} is {@code 5}), with the target's user and password when it has them.
 *
 * <p><b>The verdict.</b> Up means the broker answered CONNECT with an accepting CONNACK. After that the probe
 * tries a QoS 1 publish/subscribe round trip on a fresh random topic {@code dogdorm/probe/<random>}; its outcome
 * is a detail only ({@code pubsub} = {@code ok} with {@code round_trip_ms}, {@code refused} when the broker
 * refuses the SUBSCRIBE or the PUBLISH or drops the connection for it, {@code timeout} when the message did not
 * come back in time), because many public brokers accept connections but forbid or restrict topics. A refused
 * CONNACK (bad or missing credentials, ...) is down with the broker's reason and code, e.g.
 * {@code not authorized (5)}.
 *
 * <p><b>Time and resources.</b> Paho's own connect timeout counts in whole seconds and its threads poll every
 * 100 ms, so the probe supplies the socket (its connect is cut at the check's deadline, and closing it wakes
 * Paho's reader at once) and the threads (one small pool per check, shut down and awaited at the end). The
 * latency reported is the time from writing CONNECT to reading the CONNACK on that socket: Paho spends up to
 * about 300 ms starting its threads before it sends CONNECT, which is not the broker's doing. Sessions are
 * clean and kept in memory ({@code MemoryPersistence}): nothing is written to disk. The password never appears
 * in a detail, an error or a log line.
 */
public final class MqttProbe implements Probe {
    private static final Logger log = LoggerFactory.getLogger(MqttProbe.class);
    static final String TOPIC_PREFIX = "dogdorm/probe/";
    /** Time kept back from the check's timeout for disconnecting and stopping Paho's threads. */
    static final Duration CLEANUP_RESERVE = Duration.ofMillis(150);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Resolver resolver;

    public MqttProbe(Resolver resolver) {
        this.resolver = resolver;
        warmUp();
    }

    /**
     * Loads Paho's classes now rather than on a check's clock: the first check in a fresh JVM otherwise spends
     * hundreds of milliseconds of its timeout loading them. Nothing touches the network.
     */
    private static void warmUp() {
        PahoThreads threads = new PahoThreads();
        ProbeSocketFactory sockets = new ProbeSocketFactory(TimeBudget.of(Duration.ofSeconds(1)));
        try {
            new MqttV3Session("tcp://127.0.0.1:1", "dogdorm-warmup", sockets, threads).close();
            new MqttV5Session("tcp://127.0.0.1:1", "dogdorm-warmup", sockets, threads).close();
            for (String name : new String[] {
                    "org.eclipse.paho.client.mqttv3.internal.TCPNetworkModule",
                    "org.eclipse.paho.client.mqttv3.internal.wire.MqttConnect",
                    "org.eclipse.paho.client.mqttv3.internal.wire.MqttConnack",
                    "org.eclipse.paho.mqttv5.client.internal.TCPNetworkModule",
                    "org.eclipse.paho.mqttv5.common.packet.MqttConnect",
                    "org.eclipse.paho.mqttv5.common.packet.MqttConnAck"}) {
                Class.forName(name);
            }
        } catch (Exception | LinkageError e) {
            log.debug("MQTT warm-up: {}", e.toString());
        } finally {
            threads.shutdownNow();
        }
    }

    @Override
    public Kind kind() {
        return Kind.MQTT;
    }

    /** The protocol level a target asks for. */
    enum Version {
        V3_1_1("3.1.1"), V5("5");

        final String label;

        Version(String label) {
            this.label = label;
        }

        /** The version named by the target's {@code version} option (absent means 3.1.1), or null when unknown. */
        static Version of(String option) {
            if (option == null || option.isBlank()) {
                return V3_1_1;
            }
            return switch (option.strip().toLowerCase(Locale.ROOT)) {
                case "3.1.1", "3", "4", "311", "v3", "v3.1.1" -> V3_1_1;
                case "5", "5.0", "v5" -> V5;
                default -> null;
            };
        }
    }

    @Override
    public ProbeReport check(JobTarget target, Duration timeout) throws Exception {
        TimeBudget budget = TimeBudget.of(timeout);
        Version version = Version.of(target.options().get("version"));
        if (version == null) {
            return ProbeReport.down("unknown MQTT version '" + target.options().get("version")
                    + "': expected 3.1.1 or 5");
        }
        InetAddress address;
        try {
            address = resolver.addressOf(target);
        } catch (UnknownHostException e) {
            return ProbeReport.down("cannot resolve: " + e.getMessage());
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("protocol_version", version.label);
        detail.put("address", Addresses.canonical(address));

        String uri = "tcp://" + Addresses.withPort(address, target.port());
        String clientId = "dogdorm-" + randomHex(6);
        TimeBudget work = budget.less(cleanupReserve(timeout));
        ProbeSocketFactory sockets = new ProbeSocketFactory(work);
        PahoThreads threads = new PahoThreads();
        Session session = null;
        try {
            session = version == Version.V5 ? new MqttV5Session(uri, clientId, sockets, threads)
                    : new MqttV3Session(uri, clientId, sockets, threads);
            Connack connack = session.connect(target.user(), target.password(), work);
            if (connack.code() != null) {
                detail.put("return_code", connack.code());
            }
            if (!connack.accepted()) {
                return ProbeReport.down(connack.reason(), detail);
            }
            Double latency = sockets.connackMillis();
            PubSub pubsub = session.pubsub(TOPIC_PREFIX + randomHex(8), randomHex(16).getBytes(
                    StandardCharsets.US_ASCII), work);
            detail.put("pubsub", pubsub.outcome());
            if (pubsub.roundTripMs() != null) {
                detail.put("round_trip_ms", pubsub.roundTripMs());
            }
            if (pubsub.why() != null) {
                detail.put("pubsub_error", pubsub.why());
            }
            session.disconnect(work);
            return new ProbeReport(true, latency, null, detail);
        } finally {
            release(session, sockets, threads, budget);
        }
    }

    /**
     * Closes the socket, then the client, then its threads. Paho has a flaw to step around: while its connect
     * task starts the reader, writer and callback threads it polls each one until it reports running, forever;
     * if a thread stops first (its socket closed, or Paho's own shutdown cancelled it) that task never ends.
     * So the socket's reads wait until CONNECT has been written (by then every thread runs), and the client is
     * shut down only once the connect task has finished. That is normally at once; if it is not by the deadline,
     * the rest of the cleanup finishes in the background so the report is not late.
     */
    private static void release(Session session, ProbeSocketFactory sockets, PahoThreads threads,
                                TimeBudget budget) {
        sockets.closeAll();
        if (threads.awaitHelpers(Math.max(0, budget.remainingNanos()))) {
            shutDown(session, threads, Math.max(budget.remainingNanos(), 50_000_000L));
            return;
        }
        Thread.ofPlatform().daemon().name("mqtt-probe-cleanup").start(() -> {
            if (!threads.awaitHelpers(TimeUnit.SECONDS.toNanos(10))) {
                log.warn("MQTT client still connecting 10 s after its check ended");
            }
            shutDown(session, threads, TimeUnit.SECONDS.toNanos(5));
        });
    }

    private static void shutDown(Session session, PahoThreads threads, long waitNanos) {
        if (session != null) {
            session.close();
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(waitNanos, TimeUnit.NANOSECONDS)) {
                // they end as soon as Paho notices its closed socket: wait for them off the lane's clock
                Thread.ofPlatform().daemon().name("mqtt-probe-cleanup").start(() -> {
                    try {
                        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                            log.warn("MQTT client threads still running 10 s after their check");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the cleanup after a check may take: a little, but never most of a short timeout. */
    static Duration cleanupReserve(Duration timeout) {
        Duration fifth = timeout.dividedBy(5);
        return fifth.compareTo(CLEANUP_RESERVE) < 0 ? fifth : CLEANUP_RESERVE;
    }

    /**
     * The threads one Paho client runs on, so that they all end with the check. Tasks Paho hands to
     * {@link #execute} are its short helpers (connecting, disconnecting); {@link #awaitHelpers} waits for them.
     */
    static final class PahoThreads extends ScheduledThreadPoolExecutor {
        private final Object lock = new Object();
        private int helpers;

        PahoThreads() {
            super(8, new ThreadFactory() {
                private final int pool = POOLS.incrementAndGet();
                private final AtomicInteger n = new AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "mqtt-probe-" + pool + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            });
            setRemoveOnCancelPolicy(true);
        }

        @Override
        public void execute(Runnable task) {
            synchronized (lock) {
                helpers++;
            }
            try {
                super.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        helperDone();
                    }
                });
            } catch (RuntimeException e) {
                helperDone();
                throw e;
            }
        }

        private void helperDone() {
            synchronized (lock) {
                helpers--;
                lock.notifyAll();
            }
        }

        /** Waits until no helper task runs; false when one still does after {@code nanos}. */
        boolean awaitHelpers(long nanos) {
            long end = System.nanoTime() + nanos;
            synchronized (lock) {
                while (helpers > 0) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return true;
            }
        }
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** How the broker answered CONNECT. {@code code} is the CONNACK code when one came. */
    record Connack(boolean accepted, Integer code, String reason) {
        static Connack accepted(int code) {
            return new Connack(true, code, null);
        }

        static Connack refused(Integer code, String reason) {
            return new Connack(false, code, reason);
        }
    }

    /** The publish/subscribe round trip: ok, refused or timeout. */
    record PubSub(String outcome, Double roundTripMs, String why) {
        static PubSub ok(double ms) {
            return new PubSub("ok", ms, null);
        }

        static PubSub refused(String why) {
            return new PubSub("refused", null, why);
        }

        static PubSub timeout(String why) {
            return new PubSub("timeout", null, why);
        }
    }

    /** One client connection, the same steps for both Paho clients. */
    interface Session {
        Connack connect(String user, String password, TimeBudget budget);

        PubSub pubsub(String topic, byte[] payload, TimeBudget budget);

        /** A polite DISCONNECT, waited for while the budget lasts. */
        void disconnect(TimeBudget budget);

        /** Releases the client whatever state it is in; never throws. */
        void close();
    }

    /** Waits for the message the round trip sent; completes with its arrival time (nanoTime). */
    static final class Arrival {
        final CompletableFuture<Long> future = new CompletableFuture<>();
        final String topic;
        final byte[] payload;

        Arrival(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }

        void arrived(String topic, byte[] payload) {
            if (this.topic.equals(topic) && Arrays.equals(this.payload, payload)) {
                future.complete(System.nanoTime());
            }
        }

        void refused(String why) {
            future.completeExceptionally(new Refused(why));
        }

        PubSub await(long sentNanos, TimeBudget budget) {
            try {
                long at = future.get(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS);
                return PubSub.ok(Math.round((at - sentNanos) / 1_000.0) / 1_000.0);
            } catch (TimeoutException e) {
                return PubSub.timeout("the published message did not come back before the deadline");
            } catch (ExecutionException e) {
                return PubSub.refused(e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PubSub.timeout("interrupted");
            }
        }
    }

    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** A Paho failure (3.1.1 or 5) as one line: the network problem underneath when there is one. */
    static String reason(Throwable t) {
        boolean paho = t instanceof MqttException
                || t instanceof org.eclipse.paho.mqttv5.common.MqttException;
        if (paho && t.getCause() != null) {
            String network = network(t.getCause());
            if (network != null) {
                return network;
            }
            return t.getMessage() + ": " + t.getCause();
        }
        String network = network(t);
        return network != null ? network : String.valueOf(t.getMessage());
    }

    // ---------------------------------------------------------------------------------------------------------
    // reasons

    /** MQTT 3.1.1 CONNACK return codes 1-5 (section 3.2.2.3). */
    static String connackReason(int code) {
        return switch (code) {
            case 1 -> "unacceptable protocol version";
            case 2 -> "client identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorized";
            default -> "refused";
        };
    }

    /** MQTT 5 reason codes of 0x80 and above (section 2.4). */
    static String v5ReasonName(int code) {
        return switch (code) {
            case 0x80 -> "unspecified error";
            case 0x81 -> "malformed packet";
            case 0x82 -> "protocol error";
            case 0x83 -> "implementation specific error";
            case 0x84 -> "unsupported protocol version";
            case 0x85 -> "client identifier not valid";
            case 0x86 -> "bad user name or password";
            case 0x87 -> "not authorized";
            case 0x88 -> "server unavailable";
            case 0x89 -> "server busy";
            case 0x8A -> "banned";
            case 0x8B -> "server shutting down";
            case 0x8C -> "bad authentication method";
            case 0x8D -> "keep alive timeout";
            case 0x8E -> "session taken over";
            case 0x8F -> "topic filter invalid";
            case 0x90 -> "topic name invalid";
            case 0x91 -> "packet identifier in use";
            case 0x93 -> "receive maximum exceeded";
            case 0x95 -> "packet too large";
            case 0x96 -> "message rate too high";
            case 0x97 -> "quota exceeded";
            case 0x98 -> "administrative action";
            case 0x99 -> "payload format invalid";
            case 0x9A -> "retain not supported";
            case 0x9B -> "QoS not supported";
            case 0x9C -> "use another server";
            case 0x9D -> "server moved";
            case 0x9E -> "shared subscriptions not supported";
            case 0x9F -> "connection rate exceeded";
            case 0xA0 -> "maximum connect time";
            case 0xA1 -> "subscription identifiers not supported";
            case 0xA2 -> "wildcard subscriptions not supported";
            default -> "refused";
        };
    }

    /** A network-level cause in plain words, or null when it is something else. */
    static String network(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof SocketTimeoutException) {
                return "connect timed out";
            }
            if (c instanceof EOFException) {
                return "the server closed the connection";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    static String noConnack(ProbeSocketFactory sockets) {
        ProbeSocket s = sockets.socket;
        if (s == null || !s.isConnected()) {
            return "connect timed out";
        }
        return s.firstRead != 0 ? "no valid CONNACK within the timeout" : "no CONNACK within the timeout";
    }

    /** A failed connect: when the server did send bytes, they were not a CONNACK Paho could read. */
    static String failure(ProbeSocketFactory sockets, String reason) {
        ProbeSocket s = sockets.socket;
        if (s != null && s.firstRead != 0 && !reason.startsWith("connection refused")) {
            return "no valid CONNACK: " + reason;
        }
        return reason;
    }

    static int seconds(TimeBudget budget) {
        return (int) Math.max(1, (budget.remainingMillis() + 999) / 1000);
    }

    // ---------------------------------------------------------------------------------------------------------
    // the socket Paho connects through

    /** Hands Paho a {@link ProbeSocket} bounded by the check's deadline and remembers it for closing. */
    static final class ProbeSocketFactory extends SocketFactory {
        private final TimeBudget budget;
        volatile ProbeSocket socket;

        ProbeSocketFactory(TimeBudget budget) {
            this.budget = budget;
        }

        @Override
        public Socket createSocket() {
            ProbeSocket s = new ProbeSocket(budget);
            socket = s;
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new IOException("the probe connects only to addresses it resolved itself");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new IOException("the probe connects only to addresses it resolved itself");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket s = createSocket();
            s.bind(new InetSocketAddress(localAddress, localPort));
            s.connect(new InetSocketAddress(address, port));
            return s;
        }

        /** CONNECT written to CONNACK read, in milliseconds, or null when not both seen. */
        Double connackMillis() {
            ProbeSocket s = socket;
            if (s == null || s.firstWrite == 0 || s.firstRead == 0) {
                return null;
            }
            return Math.round((s.firstRead - s.firstWrite) / 1_000.0) / 1_000.0;
        }

        void closeAll() {
            ProbeSocket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    log.debug("closing MQTT socket: {}", e.toString());
                }
            }
        }
    }

    /**
     * A socket whose connect never outlives the check's deadline (Paho passes whole seconds, or 0 for
     * forever) and which notes when the first bytes went out and came in.
     */
    static final class ProbeSocket extends Socket {
        private final TimeBudget budget;
        private final CountDownLatch written = new CountDownLatch(1);
        private final byte[] head = new byte[4];
        private int headLength;
        volatile long firstWrite;
        volatile long firstRead;

        ProbeSocket(TimeBudget budget) {
            this.budget = budget;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            int left = budget.socketTimeout();
            super.connect(endpoint, timeout <= 0 ? left : Math.min(timeout, left));
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public int available() throws IOException {
                    awaitWritten();
                    return super.available();
                }

                @Override
                public int read() throws IOException {
                    awaitWritten();
                    int b = super.read();
                    if (b >= 0) {
                        seen(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    awaitWritten();
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        seen(b, off, n);
                    }
                    return n;
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(super.getOutputStream()) {
                @Override
                public void write(int b) throws IOException {
                    mark();
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    mark();
                    out.write(b, off, len);
                }

                private void mark() {
                    if (firstWrite == 0) {
                        firstWrite = System.nanoTime();
                        written.countDown();
                    }
                }
            };
        }

        /** Notes the time of the first bytes read and keeps the first four (for {@link #legacyConnack()}). */
        private synchronized void seen(byte[] b, int off, int n) {
            if (firstRead == 0) {
                firstRead = System.nanoTime();
            }
            int take = Math.min(n, head.length - headLength);
            System.arraycopy(b, off, head, headLength, take);
            headLength += take;
        }

        /**
         * The return code of an MQTT 3.1.1 refusal ({@code 20 02 00 01..05}) if that is how the reply began, else
         * null: what a 3.1.1-only broker answers an MQTT 5 CONNECT, and Paho's MQTT 5 client cannot parse.
         */
        synchronized Integer legacyConnack() {
            if (headLength == 4 && head[0] == 0x20 && head[1] == 0x02 && head[3] >= 1 && head[3] <= 5) {
                return (int) head[3];
            }
            return null;
        }

        /**
         * Holds Paho's reader until CONNECT has gone out (see {@link MqttProbe#release}): before that, an early
         * end of stream or a closed socket would stop the reader while Paho still waits for it to start.
         */
        private void awaitWritten() throws InterruptedIOException {
            try {
                written.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("stopped before CONNECT was sent");
            }
        }
    }
}
