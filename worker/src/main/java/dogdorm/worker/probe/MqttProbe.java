package dogdorm.worker.probe;

import dogdorm.common.Addresses;
import dogdorm.common.Kind;
import dogdorm.common.wire.JobTarget;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code mqtt}: an MQTT broker that accepts a connection (MQTT 3.1.1, or MQTT 5 when the target's option
 * {@code version} is {@code 5}), with the target's user and password when it has them.
 *
 * <p><b>The verdict.</b> Up means the broker answered CONNECT with an accepting CONNACK. After that the probe
 * tries a QoS 1 publish/subscribe round trip on a fresh random topic {@code dogdorm/probe/<random>}; its outcome
 * is a detail only ({@code pubsub} = {@code ok} with {@code round_trip_ms}, {@code refused} when the broker
 * refuses the SUBSCRIBE or the PUBLISH or drops the connection for it, {@code timeout} when the message did not
 * come back in time), because many public brokers accept connections but forbid or restrict topics. A refused
 * CONNACK (bad or missing credentials, ...) is down with the broker's reason and code, e.g.
 * {@code not authorized (5)}.
 *
 * <p><b>Time and resources.</b> Each check is one {@link MqttConnection}: a socket on an event loop the whole
 * worker shares (Netty, with its MQTT codec), so a check starts no thread and a thousand lanes share one. The
 * lane waits for each answer only while the check's budget lasts; the socket is closed before the report goes
 * back. The latency reported is the time from writing CONNECT to the first byte of the CONNACK. Nothing is
 * written to disk; the password never appears in a detail, an error or a log line.
 */
public final class MqttProbe implements Probe {
    static final String TOPIC_PREFIX = "dogdorm/probe/";
    /** Time kept back from the check's timeout for closing the socket. */
    static final Duration CLEANUP_RESERVE = Duration.ofMillis(50);

    private final Resolver resolver;
    private final Loop loop;

    /** A probe on the event loop every probe in this process shares when none is given. */
    public MqttProbe(Resolver resolver) {
        this(resolver, SharedLoop.LOOP);
    }

    public MqttProbe(Resolver resolver, Loop loop) {
        this.resolver = resolver;
        this.loop = loop;
    }

    /** The event loop MQTT checks run their sockets on, and the kind of socket it drives. */
    public record Loop(MultiThreadIoEventLoopGroup group, Class<? extends SocketChannel> socket) {
        /**
         * One event loop thread for every MQTT check (each check is a few small packets; the waiting is the
         * lanes'): Linux's epoll where Netty's native transport loads, else the JDK's selector.
         */
        public static Loop open() {
            boolean epoll = Epoll.isAvailable();
            IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
            var group = new MultiThreadIoEventLoopGroup(1, r -> {
                Thread t = new Thread(r, "mqtt-io");
                t.setDaemon(true);
                return t;
            }, io);
            return new Loop(group, epoll ? EpollSocketChannel.class : NioSocketChannel.class);
        }
    }

    private static final class SharedLoop {
        static final Loop LOOP = Loop.open();
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

        MqttConnection connection = MqttConnection.start(loop, new InetSocketAddress(address, target.port()),
                version, "dogdorm-" + randomHex(6), target.user(), target.password(), TOPIC_PREFIX + randomHex(8),
                randomHex(16).getBytes(StandardCharsets.US_ASCII), budget);
        MqttConnection.Outcome outcome = connection.await(budget.less(cleanupReserve(timeout)), budget);
        Connack connack = outcome.connack();
        if (connack.code() != null) {
            detail.put("return_code", connack.code());
        }
        if (!connack.accepted()) {
            return ProbeReport.down(connack.reason(), detail);
        }
        PubSub pubsub = outcome.pubsub();
        detail.put("pubsub", pubsub.outcome());
        if (pubsub.roundTripMs() != null) {
            detail.put("round_trip_ms", pubsub.roundTripMs());
        }
        if (pubsub.why() != null) {
            detail.put("pubsub_error", pubsub.why());
        }
        return new ProbeReport(true, outcome.connackMillis(), null, detail);
    }

    /** What closing after a check may take: a little, but never most of a short timeout. */
    static Duration cleanupReserve(Duration timeout) {
        Duration fifth = timeout.dividedBy(5);
        return fifth.compareTo(CLEANUP_RESERVE) < 0 ? fifth : CLEANUP_RESERVE;
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

    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
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
}
