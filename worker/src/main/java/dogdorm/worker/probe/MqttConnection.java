package dogdorm.worker.probe;

import dogdorm.worker.probe.MqttProbe.Connack;
import dogdorm.worker.probe.MqttProbe.PubSub;
import dogdorm.worker.probe.MqttProbe.Version;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One MQTT client connection for {@link MqttProbe}: a Netty channel on the worker's shared event loop, with
 * Netty's MQTT codec (3.1.1 and 5) turning bytes into packets. The probe's lane drives it step by step
 * ({@link #connect}, {@link #pubsub}, {@link #disconnect}) and waits on futures bounded by the check's budget; the
 * event loop only completes them. No thread belongs to a check, so nothing outlives it but the closing socket.
 *
 * <p>Two handlers sit on the channel: {@link FirstBytes}, before the decoder, notes when the first bytes came and
 * keeps the first four (a 3.1.1-only broker answers an MQTT 5 CONNECT with a 3.1.1 refusal, which the MQTT 5
 * decoder would wait on forever); this class, after it, sees decoded packets.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {
    /** Larger packets than this from a broker are not for a probe: the decoder reports them as invalid. */
    static final int MAX_PACKET = 64 * 1024;
    private static final int SUBSCRIBE_ID = 1;
    private static final int PUBLISH_ID = 2;

    private final Version version;
    private final TimeBudget budget;
    private final CompletableFuture<Connack> connack = new CompletableFuture<>();
    private final CompletableFuture<Integer> suback = new CompletableFuture<>();
    private final CompletableFuture<Long> arrival = new CompletableFuture<>();
    private final byte[] head = new byte[4];
    private int headLength;
    private volatile Channel channel;
    private volatile long connectSent;
    private volatile long firstRead;
    /** What the round trip publishes, set before SUBSCRIBE goes out. */
    private volatile String topic;
    private volatile byte[] payload;
    /** A broker's MQTT 5 DISCONNECT reason, said before it closed. */
    private volatile String brokerSaid;

    private MqttConnection(Version version, TimeBudget budget) {
        this.version = version;
        this.budget = budget;
    }

    /**
     * Opens a TCP connection to {@code address} and sends CONNECT; the answer comes through {@link #connack}. Never
     * waits: connecting happens on the event loop, cut at the budget's end.
     */
    static MqttConnection open(EventLoopGroup loop, InetSocketAddress address, Version version, String clientId,
                               String user, String password, TimeBudget budget) {
        MqttConnection c = new MqttConnection(version, budget);
        MqttMessage connect = connectPacket(version, clientId, user, password);
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, budget.remainingMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(c.new FirstBytes(), new MqttDecoder(MAX_PACKET),
                                MqttEncoder.INSTANCE, c);
                    }
                });
        var connecting = bootstrap.connect(address);
        c.channel = connecting.channel();
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                c.connectSent = System.nanoTime();
                c.channel.writeAndFlush(connect);
            } else {
                ReferenceCountUtil.release(connect);
                c.connack.complete(Connack.refused(null, networkReason(f.cause())));
            }
        });
        return c;
    }

    private static MqttMessage connectPacket(Version version, String clientId, String user, String password) {
        var b = MqttMessageBuilders.connect()
                .protocolVersion(version == Version.V5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1)
                .clientId(clientId).cleanSession(true).keepAlive(60);
        boolean hasUser = user != null && !user.isEmpty();
        if (hasUser) {
            b.hasUser(true).username(user);
        }
        // MQTT 3.1.1 allows a password only beside a user name; MQTT 5 allows it alone
        if (password != null && (hasUser || version == Version.V5)) {
            b.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    /** Waits for the broker's answer to CONNECT while the budget lasts. */
    Connack connect() {
        try {
            return connack.get(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Connack.refused(null, noConnack());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Connack.refused(null, "interrupted");
        } catch (ExecutionException e) {
            return Connack.refused(null, String.valueOf(e.getCause()));
        }
    }

    private String noConnack() {
        Channel ch = channel;
        if (connectSent == 0 || ch == null) {
            return "connect timed out";
        }
        return firstRead != 0 ? "no valid CONNACK within the timeout" : "no CONNACK within the timeout";
    }

    /** CONNECT written to the first byte of the answer, in milliseconds; null when not both happened. */
    Double connackMillis() {
        long sent = connectSent, read = firstRead;
        return sent == 0 || read == 0 ? null : Math.round((read - sent) / 1_000.0) / 1_000.0;
    }

    /**
     * A QoS 1 round trip on {@code topic}: SUBSCRIBE, then PUBLISH, then wait for the broker to deliver it back.
     * Its outcome is a detail; it never throws.
     */
    PubSub pubsub(String topic, byte[] payload) {
        Channel ch = channel;
        this.topic = topic;
        this.payload = payload;
        ch.writeAndFlush(MqttMessageBuilders.subscribe().messageId(SUBSCRIBE_ID)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, topic).build());
        int granted;
        try {
            granted = suback.get(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return PubSub.timeout("no SUBACK before the deadline");
        } catch (ExecutionException e) {
            return PubSub.refused(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PubSub.timeout("interrupted");
        }
        if (granted >= 0x80) {
            return PubSub.refused(version == Version.V5
                    ? "subscribe refused: " + MqttProbe.v5ReasonName(granted) + " (" + granted + ")"
                    : "subscribe refused (SUBACK 0x80)");
        }
        long sent = System.nanoTime();
        ch.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).retained(false)
                .messageId(PUBLISH_ID).payload(Unpooled.wrappedBuffer(payload)).build());
        try {
            long at = arrival.get(Math.max(0, budget.remainingNanos()), TimeUnit.NANOSECONDS);
            return PubSub.ok(Math.round((at - sent) / 1_000.0) / 1_000.0);
        } catch (TimeoutException e) {
            return PubSub.timeout("the published message did not come back before the deadline");
        } catch (ExecutionException e) {
            return PubSub.refused(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PubSub.timeout("interrupted");
        }
    }

    /** A polite DISCONNECT, then the socket is closed; waits for the close while the budget lasts. */
    void disconnect() {
        Channel ch = channel;
        if (ch.isActive()) {
            MqttMessage bye = version == Version.V5 ? MqttMessageBuilders.disconnect().reasonCode((byte) 0).build()
                    : MqttMessage.DISCONNECT;
            ch.writeAndFlush(bye).addListener(f -> ch.close());
            ch.closeFuture().awaitUninterruptibly(Math.max(1, budget.remainingMillis()));
        }
    }

    /**
     * Closes the socket whatever state it is in and waits briefly for that, so the check ends with its descriptor
     * released. Never throws.
     */
    void close(long waitMillis) {
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly(Math.max(1, waitMillis));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // the event loop's side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage m)) {
                return;
            }
            if (m.decoderResult().isFailure()) {
                invalid(ctx, m.decoderResult().cause());
                return;
            }
            MqttMessageType type = m.fixedHeader().messageType();
            if (!connack.isDone()) {
                if (type != MqttMessageType.CONNACK) {
                    connack.complete(Connack.refused(null, "no valid CONNACK: the server sent " + type + " first"));
                    ctx.close();
                    return;
                }
                int code = ((MqttConnAckMessage) m).variableHeader().connectReturnCode().byteValue() & 0xff;
                connack.complete(code == 0 ? Connack.accepted(0) : refusal(code));
                return;
            }
            switch (type) {
                case SUBACK -> {
                    List<Integer> codes = ((MqttSubAckMessage) m).payload().reasonCodes();
                    suback.complete(codes.isEmpty() ? 0x80 : codes.get(0));
                }
                case PUBACK -> {
                    if (m.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                            && (reply.reasonCode() & 0xff) >= 0x80) {
                        int rc = reply.reasonCode() & 0xff;
                        arrival.completeExceptionally(new MqttProbe.Refused(
                                "publish refused: " + MqttProbe.v5ReasonName(rc) + " (" + rc + ")"));
                    }
                }
                case PUBLISH -> delivered(ctx, (MqttPublishMessage) m);
                case DISCONNECT -> {
                    if (m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                            && h.reasonCode() != 0) {
                        int rc = h.reasonCode() & 0xff;
                        brokerSaid = MqttProbe.v5ReasonName(rc) + " (" + rc + ")";
                    }
                }
                default -> {
                    // PINGRESP and the like: nothing a probe waits for
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void delivered(ChannelHandlerContext ctx, MqttPublishMessage m) {
        var header = m.variableHeader();
        if (m.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(header.packetId()).build());
        }
        if (topic != null && topic.equals(header.topicName())
                && Arrays.equals(payload, ByteBufUtil.getBytes(m.payload()))) {
            arrival.complete(System.nanoTime());
        }
    }

    private Connack refusal(int code) {
        return Connack.refused(code, (version == Version.V5 ? MqttProbe.v5ReasonName(code)
                : MqttProbe.connackReason(code)) + " (" + code + ")");
    }

    private void invalid(ChannelHandlerContext ctx, Throwable cause) {
        String why = "no valid " + (connack.isDone() ? "packet" : "CONNACK") + ": " + cause.getMessage();
        connack.complete(Connack.refused(null, why));
        failAfterConnack(why);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connack.complete(Connack.refused(null, firstRead != 0 ? "no valid CONNACK: the server closed the connection"
                : "the server closed the connection"));
        String said = brokerSaid;
        failAfterConnack("the broker closed the connection" + (said != null ? ": " + said : ""));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause instanceof IOException ? networkReason(cause) : String.valueOf(cause.getMessage());
        connack.complete(Connack.refused(null, firstRead != 0 ? "no valid CONNACK: " + why : why));
        failAfterConnack("the broker closed the connection: " + why);
        ctx.close();
    }

    private void failAfterConnack(String why) {
        MqttProbe.Refused refused = new MqttProbe.Refused(why);
        suback.completeExceptionally(refused);
        arrival.completeExceptionally(refused);
    }

    /** A failed connect or a broken connection in plain words. */
    static String networkReason(Throwable t) {
        if (t instanceof ConnectTimeoutException) {
            return "connect timed out";
        }
        String network = MqttProbe.network(t);
        if (network != null) {
            return network;
        }
        String m = t.getMessage();
        if (m != null && m.contains("Connection reset")) {
            return "the server reset the connection";
        }
        return m != null ? m : t.toString();
    }

    /**
     * Before the decoder: the time of the first bytes and the first four of them. An MQTT 5 CONNECT answered with
     * {@code 20 02 00 01..05} came from a broker that speaks only 3.1.1 (MQTT 5 has no CONNACK codes 1 to 5): that
     * refusal is reported at once rather than left to the decoder, which would wait for properties that never come.
     */
    private final class FirstBytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && headLength < head.length) {
                if (firstRead == 0) {
                    firstRead = System.nanoTime();
                }
                int take = Math.min(buf.readableBytes(), head.length - headLength);
                buf.getBytes(buf.readerIndex(), head, headLength, take);
                headLength += take;
                if (version == Version.V5 && headLength == head.length && head[0] == 0x20 && head[1] == 0x02
                        && head[3] >= 1 && head[3] <= 5) {
                    int code = head[3];
                    connack.complete(Connack.refused(code, MqttProbe.connackReason(code) + " (" + code + ")"));
                    ReferenceCountUtil.release(msg);
                    ctx.close();
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
