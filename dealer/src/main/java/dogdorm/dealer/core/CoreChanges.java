package dogdorm.dealer.core;

import dogdorm.dealer.checks.CheckLog;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.incident.IncidentLog;
import dogdorm.dealer.notify.Event;
import dogdorm.dealer.pending.ChangeSet;
import dogdorm.dealer.pending.Pending;
import dogdorm.dealer.ranking.UptimeBucket;
import dogdorm.dealer.ranking.UptimeRecorder;
import dogdorm.dealer.schedule.Scheduler;
import dogdorm.dealer.schedule.Unit;
import dogdorm.dealer.table.Target;
import dogdorm.dealer.table.TargetTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The state core's side of the flush: what changed since the last take, in one cut under the core's lock (targets
 * with their stats, next due time and last checks, uptime deltas, candidates, aliases, and the incidents those same changes
 * opened or closed, and the events they cause), handed back when the write failed. The events are sent once the
 * flush that took them has run ({@link #onFlushed}).
 */
public final class CoreChanges implements Pending<Changes> {

    private final ReentrantLock lock;
    private final Clock clock;
    private final TargetTable table;
    private final Scheduler scheduler;
    private final UptimeRecorder uptime;
    private final Lists lists;
    private final IncidentLog incidents;
    private final CheckLog checks;
    private List<Event> events = new ArrayList<>();
    private Consumer<List<Event>> send = list -> { };
    /** Changes waiting to be stored, as of the last command or take: read without the lock. */
    private volatile int waiting;
    /** What the last take took: given back when its write fails; and what then runs. */
    private Taken taken;
    /**
     * When the next take includes the targets' records of checks (epoch ms): each check rewrites its target's
     * record, so writing them with every flush would make a busy dealer's flushes three times as long; once a minute
     * (and at a clean stop) costs a sixth of that at the default --flush, and a crash loses at most a minute of them.
     */
    private long checksDueAt;
    static final long CHECKS_EVERY_MS = 60_000;

    private record Taken(TargetTable.Changes targets, List<UptimeBucket> uptime,
                         ChangeSet.Taken<Candidate> candidates, ChangeSet.Taken<Alias> aliases, List<Event> events,
                         long[] checks) {}

    CoreChanges(ReentrantLock lock, Clock clock, TargetTable table, Scheduler scheduler, UptimeRecorder uptime,
                Lists lists, IncidentLog incidents, CheckLog checks) {
        this.lock = lock;
        this.clock = clock;
        this.table = table;
        this.scheduler = scheduler;
        this.uptime = uptime;
        this.lists = lists;
        this.incidents = incidents;
        this.checks = checks;
    }

    /** Records an event caused by a change just made; under the core's lock. */
    void record(Event e) {
        events.add(e);
    }

    /** What sends the events a flush took, once it has run (stored, or failed). */
    public void onFlushed(Consumer<List<Event>> sender) {
        this.send = sender;
    }

    /** Counts what waits to be stored; under the core's lock, at the end of each command and take. */
    void count() {
        waiting = table.changedCount() + incidents.waiting() + events.size();
    }

    @Override
    public Changes take() {
        lock.lock();
        try {
            TargetTable.Changes changed = table.takeChanges();
            long now = clock.millis();
            long[] checked = new long[0];
            if (now >= checksDueAt) {
                checked = checks.takeChanged();
                checksDueAt = now + CHECKS_EVERY_MS;
            }
            List<TargetRow> rows = new ArrayList<>();
            for (Long id : changed.changed()) {
                Target t = table.get(id);
                if (t != null) {
                    rows.add(row(t, changed.specs().contains(id), Arrays.binarySearch(checked, id) >= 0, now));
                }
            }
            for (long id : checked) { // checked since the last record was stored, yet unchanged since the last flush
                Target t = table.get(id);
                if (t != null && !changed.changed().contains(id)) {
                    rows.add(row(t, false, true, now));
                }
            }
            List<UptimeBucket> deltas = new ArrayList<>(uptime.take());
            Set<Long> gone = changed.deleted();
            deltas.removeIf(d -> gone.contains(d.targetId()));
            ChangeSet.Taken<Candidate> candidates = lists.candidates().takeChanges();
            ChangeSet.Taken<Alias> aliases = lists.aliases().takeChanges();
            IncidentLog.Taken opened = incidents.take();
            taken = new Taken(changed, deltas, candidates, aliases, events, checked);
            events = new ArrayList<>();
            count();
            return new Changes(rows, changed.deleted(), table.lastId(), deltas, candidates.rows(),
                    candidates.deleted(), lists.candidates().lastId(), aliases.rows(), aliases.deleted(),
                    lists.aliases().lastId(), opened.changed(), opened.lastId(), taken.events());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void giveBack(Changes changes) {
        Taken t = done();
        if (t != null) {
            lock.lock();
            try {
                table.giveBack(t.targets());
                uptime.giveBack(t.uptime());
                lists.candidates().giveBack(t.candidates());
                lists.aliases().giveBack(t.aliases());
                incidents.giveBack();
                checks.giveBack(t.checks());
                if (t.checks().length > 0) {
                    checksDueAt = Long.MIN_VALUE; // the next flush tries them again
                }
                List<Event> back = new ArrayList<>(t.events());
                back.addAll(events);
                events = back;
                count();
            } finally {
                lock.unlock();
            }
            send.accept(t.events()); // an alert does not wait for a broken disk
        }
    }

    @Override
    public void stored(Changes changes) {
        Taken t = done();
        if (t != null) {
            incidents.stored();
            send.accept(t.events());
        }
    }

    /** A target as stored: its spec when that changed, its record of checks when that is taken. */
    private TargetRow row(Target t, boolean withSpec, boolean withChecks, long now) {
        Unit u = scheduler.unit(t.groupKey());
        Long due = u == null ? null : u.leased() ? now : u.dueAt();
        return new TargetRow(t.id(), withSpec ? t.spec() : null, t.stats().copy(), due,
                withChecks ? checks.recent(t.id(), null, checks.capacity()) : null);
    }

    /** The next take includes every record of checks that changed (the final flush of a clean stop). */
    public void takeAllChecksNext() {
        lock.lock();
        try {
            checksDueAt = Long.MIN_VALUE;
        } finally {
            lock.unlock();
        }
    }

    private Taken done() {
        lock.lock();
        try {
            Taken t = taken;
            taken = null;
            return t;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int waiting() {
        return waiting;
    }
}
