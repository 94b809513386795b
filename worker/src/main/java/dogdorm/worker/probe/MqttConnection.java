package dogdorm.worker.probe;

import dogdorm.worker.probe.MqttProbe.Connack;
import dogdorm.worker.probe.MqttProbe.PubSub;
import dogdorm.worker.probe.MqttProbe.Version;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.SocketChannel;
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
 * One MQTT check's conversation, for {@link MqttProbe}: a Netty channel on the worker's shared event loop, with
 * Netty's MQTT codec (3.1.1 and 5) turning bytes into packets. The event loop walks the whole exchange by itself
 * (connect, CONNECT, CONNACK, SUBSCRIBE, SUBACK, PUBLISH, the message back, DISCONNECT) and completes one future
 * with the outcome; the lane waits for that once, bounded by the check's budget. No thread belongs to a check, so
 * nothing outlives it but a socket being closed.
 *
 * <p>Two handlers sit on the channel: {@link FirstBytes}, before the decoder, notes when the first bytes came and
 * keeps the first four (a 3.1.1-only broker answers an MQTT 5 CONNECT with a 3.1.1 refusal, which the MQTT 5
 * decoder would wait on forever); this class, after it, sees decoded packets. Every field but the futures and
 * {@link #step} is touched only by the event loop.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter {
    /** Larger packets than this from a broker are not for a probe: the decoder reports them as invalid. */
    static final int MAX_PACKET = 64 * 1024;
    private static final int SUBSCRIBE_ID = 1;
    private static final int PUBLISH_ID = 2;

    /** Where the conversation is; the lane reads it to say what a timeout interrupted. */
    enum Step { CONNECTING, AWAITING_CONNACK, AWAITING_SUBACK, AWAITING_MESSAGE, DONE }

    /** How a check went: the broker's answer to CONNECT and, when it accepted, the round trip. */
    record Outcome(Connack connack, PubSub pubsub, Double connackMillis) {}

    private final Version version;
    private final String topic;
    private final byte[] payload;
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    /**
     * Completed when the socket is closed. Lanes wait on this rather than on Netty's own futures: waking a virtual
     * thread from a Netty promise goes through a monitor the event loop then spends its time in.
     */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final byte[] head = new byte[4];
    private int headLength;
    private volatile Step step = Step.CONNECTING;
    private volatile long connectSent;
    private volatile long firstRead;
    private Connack connack;
    private long publishSent;
    /** A broker's MQTT 5 DISCONNECT reason, said before it closed. */
    private String brokerSaid;
    private Channel channel;

    private MqttConnection(Version version, String topic, byte[] payload) {
        this.version = version;
        this.topic = topic;
        this.payload = payload;
    }

    /**
     * Starts a check against {@code address}: connecting (cut at the budget's end), then the exchange. Never
     * waits; {@link #await} does.
     */
    static MqttConnection start(MqttProbe.Loop loop, InetSocketAddress address, Version version, String clientId,
                                String user, String password, String topic, byte[] payload, TimeBudget budget) {
        MqttConnection c = new MqttConnection(version, topic, payload);
        MqttMessage connect = connectPacket(version, clientId, user, password);
        Bootstrap bootstrap = new Bootstrap().group(loop.group()).channel(loop.socket())
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
        c.channel.closeFuture().addListener(f -> c.closed.complete(null));
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                c.step = Step.AWAITING_CONNACK;
                c.connectSent = System.nanoTime();
                c.channel.writeAndFlush(connect);
            } else {
                ReferenceCountUtil.release(connect);
                c.refused(Connack.refused(null, networkReason(f.cause())));
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

    /**
     * Waits for the outcome while {@code work} lasts; when it runs out first, says which answer was missing. Then
     * closes the socket (politely, with DISCONNECT, once connected) and waits for that while {@code whole} lasts,
     * closing it outright if a DISCONNECT is still stuck. Never throws.
     */
    Outcome await(TimeBudget work, TimeBudget whole) {
        Outcome outcome;
        try {
            outcome = done.get(Math.max(0, work.remainingNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            outcome = timedOut();
        } catch (ExecutionException e) {
            outcome = new Outcome(Connack.refused(null, String.valueOf(e.getCause())), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Outcome(Connack.refused(null, "interrupted"), null, null);
        }
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            step = Step.DONE;
            goodbye();
        });
        try {
            closed.get(Math.max(1, whole.remainingMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            ch.close(); // a DISCONNECT that cannot go out: drop it; the event loop finishes the close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ch.close();
        }
        return outcome;
    }

    /** The outcome when the budget ran out at {@link #step}. */
    private Outcome timedOut() {
        Step at = step;
        return switch (at) {
            case CONNECTING -> new Outcome(Connack.refused(null, "connect timed out"), null, null);
            case AWAITING_CONNACK -> new Outcome(Connack.refused(null, firstRead != 0
                    ? "no valid CONNACK within the timeout" : "no CONNACK within the timeout"), null, null);
            case AWAITING_SUBACK -> accepted(PubSub.timeout("no SUBACK before the deadline"));
            case AWAITING_MESSAGE, DONE -> accepted(
                    PubSub.timeout("the published message did not come back before the deadline"));
        };
    }

    private Outcome accepted(PubSub pubsub) {
        return new Outcome(Connack.accepted(0), pubsub, connackMillis());
    }

    /** CONNECT written to the first byte of the answer, in milliseconds; null when not both happened. */
    private Double connackMillis() {
        long sent = connectSent, read = firstRead;
        return sent == 0 || read == 0 ? null : Math.round((read - sent) / 1_000.0) / 1_000.0;
    }

    // ---------------------------------------------------------------------------------------------------------
    // the event loop's side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage m) || step == Step.DONE) {
                return;
            }
            if (m.decoderResult().isFailure()) {
                failed("no valid " + (step == Step.AWAITING_CONNACK ? "CONNACK" : "packet") + ": "
                        + m.decoderResult().cause().getMessage());
                return;
            }
            MqttMessageType type = m.fixedHeader().messageType();
            if (step == Step.AWAITING_CONNACK) {
                if (type != MqttMessageType.CONNACK) {
                    failed("no valid CONNACK: the server sent " + type + " first");
                    return;
                }
                int code = ((MqttConnAckMessage) m).variableHeader().connectReturnCode().byteValue() & 0xff;
                if (code != 0) {
                    refused(Connack.refused(code, (version == Version.V5 ? MqttProbe.v5ReasonName(code)
                            : MqttProbe.connackReason(code)) + " (" + code + ")"));
                    return;
                }
                connack = Connack.accepted(0);
                step = Step.AWAITING_SUBACK;
                ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(SUBSCRIBE_ID)
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, topic).build());
                return;
            }
            switch (type) {
                case SUBACK -> subscribed(ctx, ((MqttSubAckMessage) m).payload().reasonCodes());
                case PUBACK -> {
                    if (m.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                            && (reply.reasonCode() & 0xff) >= 0x80) {
                        int rc = reply.reasonCode() & 0xff;
                        finish(PubSub.refused("publish refused: " + MqttProbe.v5ReasonName(rc) + " (" + rc + ")"));
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

    private void subscribed(ChannelHandlerContext ctx, List<Integer> codes) {
        if (step != Step.AWAITING_SUBACK) {
            return;
        }
        int granted = codes.isEmpty() ? 0x80 : codes.get(0);
        if (granted >= 0x80) {
            finish(PubSub.refused(version == Version.V5
                    ? "subscribe refused: " + MqttProbe.v5ReasonName(granted) + " (" + granted + ")"
                    : "subscribe refused (SUBACK 0x80)"));
            return;
        }
        step = Step.AWAITING_MESSAGE;
        publishSent = System.nanoTime();
        ctx.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE).retained(false)
                .messageId(PUBLISH_ID).payload(Unpooled.wrappedBuffer(payload)).build());
    }

    private void delivered(ChannelHandlerContext ctx, MqttPublishMessage m) {
        var header = m.variableHeader();
        if (m.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx.write(MqttMessageBuilders.pubAck().packetId(header.packetId()).build());
        }
        if (step == Step.AWAITING_MESSAGE && topic.equals(header.topicName())
                && Arrays.equals(payload, ByteBufUtil.getBytes(m.payload()))) {
            finish(PubSub.ok(Math.round((System.nanoTime() - publishSent) / 1_000.0) / 1_000.0));
        } else {
            ctx.flush();
        }
    }

    /** CONNACK accepted and the round trip over: report, then say goodbye. */
    private void finish(PubSub pubsub) {
        step = Step.DONE;
        done.complete(new Outcome(connack, pubsub, connackMillis()));
        goodbye();
    }

    /** The broker refused (or never gave) a CONNACK: report and close. */
    private void refused(Connack refusal) {
        step = Step.DONE;
        done.complete(new Outcome(refusal, null, null));
        channel.close();
    }

    /** Something went wrong on the connection: before CONNACK that is the verdict, after it only a detail. */
    private void failed(String why) {
        if (step == Step.DONE) {
            return;
        }
        if (connack == null) {
            refused(Connack.refused(null, why));
        } else {
            finish(PubSub.refused(why));
        }
    }

    /** DISCONNECT when the broker accepted us and the socket is still open, then close. */
    private void goodbye() {
        Channel ch = channel;
        if (connack != null && ch.isActive()) {
            MqttMessage bye = version == Version.V5 ? MqttMessageBuilders.disconnect().reasonCode((byte) 0).build()
                    : MqttMessage.DISCONNECT;
            ch.writeAndFlush(bye).addListener(ChannelFutureListener.CLOSE);
        } else {
            ch.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connack == null) {
            failed(firstRead != 0 ? "no valid CONNACK: the server closed the connection"
                    : "the server closed the connection");
        } else {
            failed("the broker closed the connection" + (brokerSaid != null ? ": " + brokerSaid : ""));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String why = cause instanceof IOException ? networkReason(cause) : String.valueOf(cause.getMessage());
        if (connack == null) {
            failed(firstRead != 0 ? "no valid CONNACK: " + why : why);
        } else {
            failed("the broker closed the connection: " + why);
        }
        ctx.close();
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
                if (version == Version.V5 && step == Step.AWAITING_CONNACK && headLength == head.length
                        && head[0] == 0x20 && head[1] == 0x02 && head[3] >= 1 && head[3] <= 5) {
                    ReferenceCountUtil.release(msg);
                    int code = head[3];
                    refused(Connack.refused(code, MqttProbe.connackReason(code) + " (" + code + ")"));
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
