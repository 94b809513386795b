package dogdorm.dealer.statuspage;

import dogdorm.dealer.pending.ChangeSet;
import dogdorm.dealer.pending.Pending;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status pages in memory, by id and by slug, with their own lock. Creating, changing and deleting one changes
 * memory; the flusher takes what changed ({@link #take}) and stores it with everything else, as it does the
 * heartbeat tokens. Ids are given here and never reused; slugs are unique.
 */
public final class StatusPages implements Pending<StatusPageChanges> {
    private static final Logger log = LoggerFactory.getLogger(StatusPages.class);

    /** Another page has this slug already. */
    public static final class SlugTaken extends RuntimeException {
        public SlugTaken(String slug) {
            super("slug: '" + slug + "' is taken by another status page", null, false, false);
        }
    }

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, StatusPage> byId = new TreeMap<>();
    private final Map<String, Long> bySlug = new HashMap<>();
    private final ChangeSet<StatusPage> changes = new ChangeSet<>(byId, StatusPage::id, UnaryOperator.identity());
    private long lastId;

    public StatusPages(Clock clock) {
        this.clock = clock;
    }

    /** Takes the stored pages and the highest id given so far. Returns how many. */
    public int load(StatusPageChanges.Stored stored) {
        lock.lock();
        try {
            for (StatusPage p : stored.pages()) {
                byId.put(p.id(), p);
                bySlug.put(p.slug(), p.id());
                lastId = Math.max(lastId, p.id());
            }
            lastId = Math.max(lastId, stored.lastId());
            return byId.size();
        } finally {
            lock.unlock();
        }
    }

    /** A new page; {@link SlugTaken} when another has its slug. */
    public StatusPage create(StatusPageSpec spec) {
        StatusPage p;
        lock.lock();
        try {
            if (bySlug.containsKey(spec.slug())) {
                throw new SlugTaken(spec.slug());
            }
            Instant now = now();
            p = new StatusPage(++lastId, spec, now, now);
            byId.put(p.id(), p);
            bySlug.put(p.slug(), p.id());
            changes.changed(p.id());
        } finally {
            lock.unlock();
        }
        log.info("{} created", p);
        return p;
    }

    /**
     * Replaces what the page {@code slug} shows, and its slug when {@code spec} names another (which must be free:
     * {@link SlugTaken}). Empty when there is no such page.
     */
    public Optional<StatusPage> update(String slug, StatusPageSpec spec) {
        StatusPage p;
        lock.lock();
        try {
            Long id = bySlug.get(slug);
            if (id == null) {
                return Optional.empty();
            }
            Long other = bySlug.get(spec.slug());
            if (other != null && !other.equals(id)) {
                throw new SlugTaken(spec.slug());
            }
            StatusPage old = byId.get(id);
            p = new StatusPage(id, spec, old.created(), now());
            byId.put(id, p);
            bySlug.remove(slug);
            bySlug.put(p.slug(), id);
            changes.changed(id);
        } finally {
            lock.unlock();
        }
        log.info("{} changed{}", p, slug.equals(p.slug()) ? "" : " (was '" + slug + "')");
        return Optional.of(p);
    }

    /** Deletes the page {@code slug}; false when there is none. */
    public boolean delete(String slug) {
        StatusPage p;
        lock.lock();
        try {
            Long id = bySlug.remove(slug);
            if (id == null) {
                return false;
            }
            p = byId.remove(id);
            changes.deleted(id);
        } finally {
            lock.unlock();
        }
        log.info("{} deleted", p);
        return true;
    }

    public Optional<StatusPage> get(String slug) {
        lock.lock();
        try {
            Long id = bySlug.get(slug);
            return id == null ? Optional.empty() : Optional.of(byId.get(id));
        } finally {
            lock.unlock();
        }
    }

    /** Every page, by slug. */
    public List<StatusPage> all() {
        lock.lock();
        try {
            List<StatusPage> out = new ArrayList<>(byId.values());
            out.sort(Comparator.comparing(StatusPage::slug));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The clock's time in whole milliseconds: what the store keeps, so memory and store agree after a restart. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- the flush -------------------------------------------------------------------------------------------

    @Override
    public StatusPageChanges take() {
        lock.lock();
        try {
            ChangeSet.Taken<StatusPage> t = changes.take();
            changes.takeTouched(); // no reader follows these
            return new StatusPageChanges(t.rows(), t.deleted(), lastId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void giveBack(StatusPageChanges taken) {
        lock.lock();
        try {
            changes.giveBack(new ChangeSet.Taken<>(taken.saved(), taken.deleted()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stored(StatusPageChanges taken) {}

    @Override
    public int waiting() {
        lock.lock();
        try {
            return changes.size();
        } finally {
            lock.unlock();
        }
    }
}
