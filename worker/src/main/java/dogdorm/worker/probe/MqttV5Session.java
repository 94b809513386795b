package dogdorm.worker.probe;

import static dogdorm.worker.probe.MqttProbe.connackReason;
import static dogdorm.worker.probe.MqttProbe.failure;
import static dogdorm.worker.probe.MqttProbe.noConnack;
import static dogdorm.worker.probe.MqttProbe.reason;
import static dogdorm.worker.probe.MqttProbe.seconds;
import static dogdorm.worker.probe.MqttProbe.v5ReasonName;

import dogdorm.worker.probe.MqttProbe.Arrival;
import dogdorm.worker.probe.MqttProbe.Connack;
import dogdorm.worker.probe.MqttProbe.PahoThreads;
import dogdorm.worker.probe.MqttProbe.ProbeSocket;
import dogdorm.worker.probe.MqttProbe.ProbeSocketFactory;
import dogdorm.worker.probe.MqttProbe.PubSub;
import dogdorm.worker.probe.MqttProbe.Session;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One MQTT 5 connection through Paho's mqttv5 client, for {@link MqttProbe}. */
final class MqttV5Session implements Session {
    private static final Logger log = LoggerFactory.getLogger(MqttV5Session.class);

    private final MqttAsyncClient client;
    private final ProbeSocketFactory sockets;
    private volatile Arrival arrival;

    MqttV5Session(String uri, String clientId, ProbeSocketFactory sockets, PahoThreads pool)
            throws MqttException {
        this.sockets = sockets;
        this.client = new MqttAsyncClient(uri, clientId,
                new MemoryPersistence(),
                new TimerPingSender(pool), pool);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                Arrival a = arrival;
                if (a != null) {
                    int rc = response.getReturnCode();
                    a.refused("the broker closed the connection"
                            + (rc != 0 ? ": " + v5ReasonName(rc) + " (" + rc + ")" : ""));
                }
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                log.debug("MQTT 5 error: {}", reason(exception));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Arrival a = arrival;
                if (a != null) {
                    a.arrived(topic, message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // the round trip is measured on arrival, not on PUBACK
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // the connect token says it
            }

            @Override
            public void authPacketArrived(int reasonCode,
                                          MqttProperties properties) {
                // no enhanced authentication
            }
        });
    }

    @Override
    public Connack connect(String user, String password, TimeBudget budget) {
        var options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(seconds(budget));
        options.setSocketFactory(sockets);
        if (user != null && !user.isEmpty()) {
            options.setUserName(user);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        try {
            var token = client.connect(options);
            token.waitForCompletion(Math.max(1, budget.remainingMillis()));
            int[] codes = token.getReasonCodes();
            return Connack.accepted(codes != null && codes.length > 0 ? codes[0] : 0);
        } catch (MqttException e) {
            int code = e.getReasonCode();
            if (code >= 0x80 && code <= 0xff) {
                return Connack.refused(code, v5ReasonName(code) + " (" + code + ")");
            }
            ProbeSocket socket = sockets.socket;
            Integer legacy = socket == null ? null : socket.legacyConnack();
            if (legacy != null) {
                return Connack.refused(legacy, connackReason(legacy) + " (" + legacy + ")");
            }
            if (code == MqttClientException.REASON_CODE_CLIENT_TIMEOUT
                    || budget.expired()) {
                return Connack.refused(null, noConnack(sockets));
            }
            return Connack.refused(null, failure(sockets, reason(e)));
        }
    }

    @Override
    public PubSub pubsub(String topic, byte[] payload, TimeBudget budget) {
        Arrival a = new Arrival(topic, payload);
        arrival = a;
        try {
            var sub = client.subscribe(new MqttSubscription(topic, 1));
            sub.waitForCompletion(Math.max(1, budget.remainingMillis()));
            int[] codes = sub.getReasonCodes();
            if (codes == null || codes.length == 0 || codes[0] >= 0x80) {
                int rc = codes == null || codes.length == 0 ? 0x80 : codes[0];
                return PubSub.refused("subscribe refused: " + v5ReasonName(rc) + " (" + rc + ")");
            }
            var message = new MqttMessage(payload, 1, false, null);
            long sent = System.nanoTime();
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] rcs = token.getReasonCodes();
                    if (rcs != null && rcs.length > 0 && rcs[0] >= 0x80) {
                        a.refused("publish refused: " + v5ReasonName(rcs[0]) + " (" + rcs[0] + ")");
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    a.refused("publish failed: " + reason(e));
                }
            });
            return a.await(sent, budget);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT
                    || budget.expired()) {
                return PubSub.timeout("no SUBACK before the deadline");
            }
            return PubSub.refused(reason(e));
        }
    }

    @Override
    public void disconnect(TimeBudget budget) {
        try {
            if (client.isConnected() && budget.remainingMillis() > 1) {
                client.disconnect(0).waitForCompletion(budget.remainingMillis());
            }
        } catch (MqttException e) {
            log.debug("MQTT 5 disconnect: {}", reason(e));
        }
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT 5 forced disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT 5 close: {}", e.toString());
        }
    }
}
