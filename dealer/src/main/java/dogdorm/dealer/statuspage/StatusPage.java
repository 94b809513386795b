package dogdorm.dealer.statuspage;

import java.time.Instant;

/** A public status page as the admin defined it: its id (never reused), what it shows, and when it was made and last changed. */
public record StatusPage(long id, StatusPageSpec spec, Instant created, Instant updated) {
    public StatusPage {
        if (spec == null) {
            throw new IllegalArgumentException("spec: missing");
        }
    }

    public String slug() {
        return spec.slug();
    }

    @Override
    public String toString() {
        return "status page #" + id + " '" + spec.slug() + "'";
    }
}
