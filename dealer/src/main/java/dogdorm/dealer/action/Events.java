package dogdorm.dealer.action;

import dogdorm.common.Addresses;
import dogdorm.dealer.core.Core;
import dogdorm.dealer.heartbeat.Heartbeat;
import dogdorm.dealer.heartbeat.HeartbeatState;
import dogdorm.dealer.heartbeat.Heartbeats;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.table.State;
import dogdorm.dealer.table.Target;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns what happens in the dealer into notification events: confirmed target state changes and heartbeat tokens
 * firing and recovering. Each event is recorded with the change that causes it, so the flush stores both and the
 * {@link Outbox} sends it once stored (trouble storing is told by the flusher).
 */
public final class Events {
    private Events() {}

    /**
     * Heartbeat tokens: up -> down ("fired"), and back up: straight from down, or by way of a pause (down, paused,
     * resumed: waiting for a ping, up at the first one) — whoever heard "down" hears "up". Who heard what is kept
     * in memory: after a restart only a change straight from down says "up".
     */
    public static void wire(Heartbeats heartbeats, Outbox outbox) {
        Set<Long> heardDown = new HashSet<>(); // used under the heartbeats' lock only
        heartbeats.events(t -> {
            if (t.fired()) {
                heardDown.add(t.heartbeatId());
            } else if (t.to() != HeartbeatState.UP) {
                return null; // paused, waiting, late or new on the way: an "up" still owed stays owed
            } else if (!heardDown.remove(t.heartbeatId()) && !t.recovered()) {
                return null;
            }
            String name = heartbeats.get(t.heartbeatId()).map(Heartbeat::name).orElse("#" + t.heartbeatId());
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("heartbeat", t.heartbeatId());
            f.put("name", name);
            f.put("from", t.from().wire());
            if (t.reason() != null) {
                f.put("reason", t.reason());
            }
            return t.fired()
                    ? new Event(outbox.nextId(), "heartbeat.down", t.at(), "heartbeat " + name + " is down"
                            + (t.reason() == null ? "" : ": " + t.reason()), f)
                    : new Event(outbox.nextId(), "heartbeat.up", t.at(), "heartbeat " + name + " is up again", f);
        }, outbox::send);
    }

    /**
     * Confirmed target state changes: {@code target.down} and {@code target.up}, recorded with the change, sent once
     * it is stored (a dealer that dies before storing it detects it again after the restart and sends it then).
     */
    public static void wire(Core core, Outbox outbox) {
        core.changes().onFlushed(outbox::send);
        core.listen((target, from, to, cause, worker, at) -> {
            if (from == State.UNKNOWN && to == State.UP) {
                return; // a first good result is not a change anyone was waiting for; a first confirmed down is
            }
            var s = target.spec();
            String address = addressText(target);
            Map<String, Object> f = fields(target);
            if (to == State.DOWN) {
                String why = target.stats().firstError != null ? target.stats().firstError : cause.error();
                f.put("error", why);
                core.record(new Event(outbox.nextId(), "target.down", at, s.kind() + " " + s.name() + address
                        + " is down: " + why, f));
            } else if (to == State.UP) {
                core.record(new Event(outbox.nextId(), "target.up", at, s.kind() + " " + s.name() + address
                        + " is up again", f));
            }
        });
    }

    /**
     * Targets checked from several locations: {@code target.regional} when locations start to see a target down
     * while the vote keeps it up (one that is seen down from more places than before says so again; one that
     * recovers in those places says nothing, and a quorum down is {@code target.down} instead).
     */
    public static void wireRegional(Core core, Outbox outbox) {
        core.listenRegional((target, before, after, at) -> {
            if (after.isEmpty() || before.containsAll(after)) {
                return;
            }
            var s = target.spec();
            Map<String, Object> f = fields(target);
            f.put("locations", after);
            core.record(new Event(outbox.nextId(), "target.regional", at, s.kind() + " " + s.name() + addressText(target)
                    + " is down from " + String.join(", ", after) + " only: up by the other locations' vote", f));
        });
    }

    /** The facts every target event carries: its id, kind, name, address and port. */
    private static Map<String, Object> fields(Target target) {
        var s = target.spec();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("target", target.id());
        f.put("kind", s.kind().wire());
        f.put("name", s.name());
        f.put("address", s.ip());
        f.put("port", s.port());
        return f;
    }

    /** " (ip:port)" for a message, or nothing when the address is not known. */
    private static String addressText(Target target) {
        var s = target.spec();
        return s.ip() == null ? "" : " (" + Addresses.withPort(s.ip(), s.port()) + ")";
    }
}
