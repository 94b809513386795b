package dogdorm.dealer.action;

import dogdorm.dealer.notify.Event;
import dogdorm.dealer.notify.Outbox;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DO Keepalive without its reboot loop. Each watched site is a {@code tcp} target bound to a droplet and its API
 * token. Counted from the normal checks' results, per droplet:
 * <ol>
 *   <li>after {@code rebootAfter} consecutive failed checks, one {@code reboot} is asked for, and a cooldown
 *       starts during which nothing more is done (the droplet is booting);</li>
 *   <li>still down once the cooldown is over: one {@code power_cycle}, and another cooldown;</li>
 *   <li>still down after that: remediation has failed; nothing more is sent until the site has been up again.</li>
 * </ol>
 * A good check after the cooldown ends the episode (remediation succeeded, when something was sent); during the
 * cooldown it counts for nothing, since a port that opens for a moment while the droplet boots and then hangs
 * must not start the escalation over. A restarted dealer takes a recent action's phase and cooldown from the
 * audit, so a dealer that keeps restarting does not reboot the droplet on each start. The API calls run on their
 * own threads: the dealer's lock is never held across the network. Every action is audited ({@link ActionLog}),
 * and the audit is stored before the request is sent, so a dealer that dies just after sending knows of it.
 */
public final class Remediation {
    private static final Logger log = LoggerFactory.getLogger(Remediation.class);

    /** What remediation may do and how quickly. */
    public record Settings(int rebootAfter, Duration cooldown, boolean dryRun, Duration pollEvery, int maxPolls) {}

    /**
     * A target's droplet, the token that may reboot it, and what the site is called (its config's description, or
     * null). The token never leaves this record but to the API.
     */
    public record Binding(String dropletId, String token, String description) {
        public Binding(String dropletId, String token) {
            this(dropletId, token, null);
        }

        @Override
        public String toString() {
            return "droplet " + dropletId;
        }
    }

    private enum Phase { IDLE, REBOOTED, POWER_CYCLED, GAVE_UP }

    private static final class DropletState {
        Phase phase = Phase.IDLE;
        Instant cooldownUntil = Instant.MIN;
    }

    /** Stores what waits to be stored, now; false when the store failed. */
    @FunctionalInterface
    public interface Flush {
        boolean now();
    }

    private final Settings settings;
    private final DigitalOcean api;
    private final ActionLog audit;
    private final Flush flush;
    private final Outbox outbox;
    private final Clock clock;
    private final ExecutorService calls;
    /** Bindings by the config file they came from, then by target key. */
    private final Map<String, Map<TargetKey, Binding>> bindings = new TreeMap<>();
    /** Every file's bindings by target key (the first file in name order wins a key listed twice). */
    private Map<TargetKey, Binding> byKey = Map.of();
    private final Map<String, DropletState> droplets = new HashMap<>();

    public Remediation(Settings settings, DigitalOcean api, ActionLog audit, Flush flush, Outbox outbox,
                       Clock clock, ExecutorService calls) {
        this.settings = settings;
        this.api = api;
        this.audit = audit;
        this.flush = flush;
        this.outbox = outbox;
        this.clock = clock;
        this.calls = calls;
    }

    /** Replaces the bindings that came from one config file. */
    public synchronized void bind(String file, Map<TargetKey, Binding> fromFile) {
        bindings.put(file, Map.copyOf(fromFile));
        reindex();
    }

    public synchronized void unbind(String file) {
        bindings.remove(file);
        reindex();
    }

    /**
     * Says at start how remediation will act: a dry run (announced as a warning, since nothing will be sent), or live
     * with the number of sites watched.
     */
    public synchronized void announce() {
        int sites = byKey.size();
        if (settings.dryRun()) {
            log.warn("remediation is a dry run (--dry-run): {} keepalive site(s) watched; reboots and power cycles are "
                    + "logged and audited (/actions), never sent", sites);
        } else if (sites > 0) {
            log.info("remediation is live: {} keepalive site(s) watched; a droplet is rebooted after {} failed checks "
                    + "in a row", sites, settings.rebootAfter());
        }
    }

    /** Whether actions are only logged and audited ({@code --dry-run}). */
    public boolean dryRun() {
        return settings.dryRun();
    }

    /** What to call a site in messages: its description and address, or its address. */
    private static String site(Target t, Binding b) {
        String address = t.spec().name() + ":" + t.spec().port();
        return b.description() == null ? address : b.description() + " (" + address + ")";
    }

    private void reindex() {
        Map<TargetKey, Binding> all = new HashMap<>();
        for (Map<TargetKey, Binding> m : bindings.values()) {
            m.forEach(all::putIfAbsent);
        }
        byKey = all;
    }

    /** A normal check's result (called under the dealer's lock). */
    public synchronized void checked(Target t, boolean up, Instant at) {
        if (byKey.isEmpty()) {
            return; // no keepalive config: nothing to look up for any check
        }
        Binding b = byKey.get(TargetKey.of(t.spec()));
        if (b == null) {
            return;
        }
        DropletState d = droplets.get(b.dropletId());
        if (d == null) {
            d = restore(b.dropletId(), t, at);
            droplets.put(b.dropletId(), d);
        }
        if (up) {
            if (at.isBefore(d.cooldownUntil)) {
                return; // booting: a moment of up proves nothing yet
            }
            if (d.phase == Phase.REBOOTED || d.phase == Phase.POWER_CYCLED) {
                outbox.sendNow(new Event(outbox.nextId(), "remediation.succeeded", at, site(t, b)
                        + " answers again after " + (d.phase == Phase.REBOOTED ? "a reboot" : "a power cycle")
                        + " of droplet " + b.dropletId(),
                        Map.of("target", t.id(), "droplet", b.dropletId())));
                log.info("{} answers again; remediation of droplet {} succeeded", site(t, b), b.dropletId());
            }
            d.phase = Phase.IDLE;
            return;
        }
        if (at.isBefore(d.cooldownUntil)) {
            return; // booting: leave it alone
        }
        int failures = Math.max(0, -t.stats().streak);
        switch (d.phase) {
            case IDLE -> {
                if (failures >= settings.rebootAfter()) {
                    send(t, b, "reboot", at, failures);
                    d.phase = Phase.REBOOTED;
                    d.cooldownUntil = at.plus(settings.cooldown());
                }
            }
            case REBOOTED -> {
                send(t, b, "power_cycle", at, failures);
                d.phase = Phase.POWER_CYCLED;
                d.cooldownUntil = at.plus(settings.cooldown());
            }
            case POWER_CYCLED -> {
                d.phase = Phase.GAVE_UP;
                log.error("{} is still down after a reboot and a power cycle of droplet {}: giving up until it "
                        + "answers again", site(t, b), b.dropletId());
                outbox.sendNow(new Event(outbox.nextId(), "remediation.failed", at, site(t, b)
                        + " is still down after a reboot and a power cycle of droplet " + b.dropletId(),
                        Map.of("target", t.id(), "droplet", b.dropletId())));
            }
            case GAVE_UP -> { }
        }
    }

    /**
     * A droplet's state as the audit left it: its last action's cooldown, and, when that action is recent (within
     * two cooldowns) and the target has not answered since, its phase — a power cycle whose cooldown is over has
     * given up already. An old action, or a dry run's when actions are sent now, leaves nothing to carry on.
     */
    private DropletState restore(String dropletId, Target t, Instant now) {
        DropletState d = new DropletState();
        ActionRecord last = audit.lastAction(dropletId);
        if (last == null || "dry-run".equals(last.finalStatus()) && !settings.dryRun()) {
            return d;
        }
        d.cooldownUntil = last.requestedAt().plus(settings.cooldown());
        Instant upAt = t.stats().lastSuccess;
        boolean answeredSince = upAt != null && upAt.isAfter(last.requestedAt());
        boolean recent = !now.isAfter(last.requestedAt().plus(settings.cooldown().multipliedBy(2)));
        if (recent && !answeredSince) {
            if (!"power_cycle".equals(last.type())) {
                d.phase = Phase.REBOOTED;
            } else {
                d.phase = now.isBefore(d.cooldownUntil) ? Phase.POWER_CYCLED : Phase.GAVE_UP;
            }
        }
        return d;
    }

    private void send(Target t, Binding b, String type, Instant at, int failures) {
        ActionRecord rec = audit.open(t.id(), b.dropletId(), type, at);
        String what = "POST /v2/droplets/" + b.dropletId() + "/actions {\"type\":\"" + type + "\"}";
        outbox.sendNow(new Event(outbox.nextId(), "remediation.sent", at, (settings.dryRun() ? "[dry run] " : "") + type
                + " of droplet " + b.dropletId() + ": " + site(t, b) + " failed "
                + failures + " checks in a row", Map.of("target", t.id(), "droplet",
                b.dropletId(), "action", type)));
        if (settings.dryRun()) {
            log.warn("[dry run] would send {} for {}", what, site(t, b));
            finish(rec, null, null, "dry-run", null);
            return;
        }
        log.warn("{} failed {} checks in a row: sending {}", site(t, b), failures, what);
        ActionRecord record = rec;
        calls.submit(() -> run(record, t, b, type));
    }

    private void run(ActionRecord rec, Target t, Binding b, String type) {
        if (!flush.now()) {
            log.error("the {} of droplet {} is sent before its audit is stored: the store fails", type,
                    b.dropletId());
        }
        try {
            DigitalOcean.Answer a = api.act(b.token(), b.dropletId(), type);
            if (!a.ok()) {
                log.error("{} of droplet {} failed: {}", type, b.dropletId(), a.error());
                finish(rec, a.status() == 0 ? null : a.status(), null, "failed", a.error());
                outbox.sendNow(new Event(outbox.nextId(), "remediation.failed", clock.instant(), type + " of droplet "
                        + b.dropletId() + " failed: " + a.error(), Map.of("target", t.id(), "droplet",
                        b.dropletId(), "action", type)));
                return;
            }
            String status = a.actionStatus();
            for (int i = 0; i < settings.maxPolls() && !"completed".equals(status) && !"errored".equals(status); i++) {
                Thread.sleep(settings.pollEvery());
                DigitalOcean.Answer p = api.action(b.token(), a.actionId());
                if (p.ok()) {
                    status = p.actionStatus();
                }
            }
            String last = status == null ? "unknown" : status;
            finish(rec, a.status(), a.actionId(), last, "errored".equals(last) ? "the action errored" : null);
            log.info("{} of droplet {} (action {}): {}", type, b.dropletId(), a.actionId(), last);
            if ("errored".equals(last)) {
                outbox.sendNow(new Event(outbox.nextId(), "remediation.failed", clock.instant(), type + " of droplet "
                        + b.dropletId() + " errored", Map.of("target", t.id(), "droplet", b.dropletId())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(rec, null, null, "interrupted", "the dealer stopped");
        } catch (RuntimeException e) {
            log.error("{} of droplet {} failed", type, b.dropletId(), e);
            finish(rec, null, null, "failed", e.getClass().getSimpleName());
        }
    }

    private void finish(ActionRecord rec, Integer status, Long actionId, String finalStatus, String error) {
        audit.finish(rec, status, actionId, finalStatus, error, clock.instant());
    }
}
