package dogdorm.dealer.statuspage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dogdorm.dealer.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status pages in memory: unique slugs, ids never reused, and what each flush takes or gets back. */
class StatusPagesTest {
    private final MutableClock clock = MutableClock.at("2026-12-05T10:00:00.123456Z");
    private final StatusPages pages = new StatusPages(clock);

    private static StatusPageSpec spec(String slug) {
        return new StatusPageSpec(slug, "Page " + slug, null, List.of(1L), null);
    }

    @Test
    void a_page_is_found_by_its_slug_and_a_rename_frees_the_old_one() {
        StatusPage home = pages.create(spec("home"));
        assertEquals(1, home.id());
        assertEquals(clock.instant().toEpochMilli(), home.created().toEpochMilli());
        assertEquals(0, home.created().getNano() % 1_000_000, "whole milliseconds, as the store keeps them");
        assertThrows(StatusPages.SlugTaken.class, () -> pages.create(spec("home")));

        clock.advance(Duration.ofMinutes(1));
        StatusPage house = pages.update("home", spec("house")).orElseThrow();
        assertEquals(home.id(), house.id());
        assertEquals(home.created(), house.created());
        assertEquals(clock.instant().toEpochMilli(), house.updated().toEpochMilli());
        assertTrue(pages.get("home").isEmpty());
        assertEquals(house, pages.get("house").orElseThrow());

        StatusPage office = pages.create(spec("home"));
        assertEquals(2, office.id(), "the freed slug is free; the id is new");
        assertThrows(StatusPages.SlugTaken.class, () -> pages.update("home", spec("house")));
        assertTrue(pages.update("nowhere", spec("nowhere")).isEmpty());
        assertEquals(List.of("home", "house"), pages.all().stream().map(StatusPage::slug).toList());

        assertTrue(pages.delete("house"));
        assertFalse(pages.delete("house"));
        assertEquals(3, pages.create(spec("house")).id(), "ids are never reused");
    }

    @Test
    void a_flush_takes_what_changed_and_a_failed_one_gives_it_back() {
        StatusPage home = pages.create(spec("home"));
        StatusPage office = pages.create(spec("office"));
        assertEquals(2, pages.waiting());
        StatusPageChanges first = pages.take();
        assertEquals(Set.of(home, office), Set.copyOf(first.saved()));
        assertEquals(2, first.lastId());
        assertEquals(0, pages.waiting());

        pages.delete("office");
        StatusPage renamed = pages.update("home", spec("house")).orElseThrow();
        StatusPageChanges second = pages.take();
        assertEquals(List.of(renamed), second.saved());
        assertEquals(Set.of(office.id()), second.deleted());
        pages.giveBack(second);
        assertEquals(2, pages.waiting(), "the write failed: both wait again");
        StatusPageChanges again = pages.take();
        assertEquals(List.of(renamed), again.saved());
        assertEquals(Set.of(office.id()), again.deleted());
    }

    @Test
    void loading_keeps_the_highest_id_given_even_when_its_page_is_gone() {
        StatusPage kept = new StatusPage(2, spec("home"), clock.instant(), clock.instant());
        assertEquals(1, pages.load(new StatusPageChanges.Stored(List.of(kept), 5)));
        assertEquals(kept, pages.get("home").orElseThrow());
        assertEquals(6, pages.create(spec("office")).id());
        assertThrows(StatusPages.SlugTaken.class, () -> pages.create(spec("home")));
    }
}
