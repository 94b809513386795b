package dogdorm.worker.probe;

import static dogdorm.worker.probe.MqttProbe.connackReason;
import static dogdorm.worker.probe.MqttProbe.failure;
import static dogdorm.worker.probe.MqttProbe.noConnack;
import static dogdorm.worker.probe.MqttProbe.reason;
import static dogdorm.worker.probe.MqttProbe.seconds;

import dogdorm.worker.probe.MqttProbe.Arrival;
import dogdorm.worker.probe.MqttProbe.Connack;
import dogdorm.worker.probe.MqttProbe.PahoThreads;
import dogdorm.worker.probe.MqttProbe.ProbeSocketFactory;
import dogdorm.worker.probe.MqttProbe.PubSub;
import dogdorm.worker.probe.MqttProbe.Session;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One MQTT 3.1.1 connection through Paho's mqttv3 client, for {@link MqttProbe}. */
final class MqttV3Session implements Session {
    private static final Logger log = LoggerFactory.getLogger(MqttV3Session.class);

    private final MqttAsyncClient client;
    private final ProbeSocketFactory sockets;
    private volatile Arrival arrival;

    MqttV3Session(String uri, String clientId, ProbeSocketFactory sockets, PahoThreads pool)
            throws MqttException {
        this.sockets = sockets;
        this.client = new MqttAsyncClient(uri, clientId,
                new MemoryPersistence(),
                new ScheduledExecutorPingSender(pool), pool);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                Arrival a = arrival;
                if (a != null) {
                    a.refused("the broker closed the connection: " + reason(cause));
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Arrival a = arrival;
                if (a != null) {
                    a.arrived(topic, message.getPayload());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the round trip is measured on arrival, not on PUBACK
            }
        });
    }

    @Override
    public Connack connect(String user, String password, TimeBudget budget) {
        var options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(seconds(budget));
        options.setSocketFactory(sockets);
        if (user != null && !user.isEmpty()) {
            options.setUserName(user);
            if (password != null) {
                options.setPassword(password.toCharArray());
            }
        }
        try {
            client.connect(options).waitForCompletion(Math.max(1, budget.remainingMillis()));
            return Connack.accepted(0);
        } catch (MqttException e) {
            int code = e.getReasonCode();
            if (code >= 1 && code <= 5) {
                return Connack.refused(code, connackReason(code) + " (" + code + ")");
            }
            if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT
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
            var sub = client.subscribe(topic, 1);
            sub.waitForCompletion(Math.max(1, budget.remainingMillis()));
            int[] granted = sub.getGrantedQos();
            if (granted == null || granted.length == 0 || granted[0] >= 0x80) {
                return PubSub.refused("subscribe refused (SUBACK 0x80)");
            }
            long sent = System.nanoTime();
            client.publish(topic, payload, 1, false);
            return a.await(sent, budget);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
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
            log.debug("MQTT disconnect: {}", reason(e));
        }
    }

    @Override
    public void close() {
        try {
            // the socket is closed by now: no DISCONNECT to send (waiting for one to go out would hang)
            client.disconnectForcibly(0, 1, false);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT forced disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT close: {}", e.toString());
        }
    }
}
