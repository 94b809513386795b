package dogdorm.dealer.store.sqlite;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dogdorm.db.created}, beside the database: written when the dealer creates the database (or first opens one
 * made before this file existed), so that a later start which finds the database missing, empty or unreadable stops
 * instead of quietly starting an empty one. Removing it is how an operator starts empty on purpose.
 */
final class CreatedMarker {
    private static final Logger log = LoggerFactory.getLogger(CreatedMarker.class);

    private CreatedMarker() {}

    /** Where the marker of {@code db} lives. */
    static Path path(Path db) {
        return db.resolveSibling(db.getFileName() + ".created");
    }

    /** The marker's first line ("created 2026-05-01T10:00:00Z"), or empty when there is no marker. */
    static Optional<String> read(Path db) {
        Path marker = path(db);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        try {
            String first = Files.readString(marker, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            return Optional.of(first.isEmpty() ? "created at a time its marker does not say" : first);
        } catch (IOException e) {
            return Optional.of("its marker cannot be read: " + e.getMessage());
        }
    }

    /** Writes the marker unless it is there, dated now. */
    static void writeIfMissing(Path db, boolean created) {
        writeIfMissing(db, created, Instant.now());
    }

    /** Writes the marker unless it is there: "created" for a new database, "first seen" for an older one. */
    static void writeIfMissing(Path db, boolean created, Instant now) {
        Path marker = path(db);
        if (Files.exists(marker)) {
            return;
        }
        String text = (created ? "created " : "first seen ") + now.truncatedTo(ChronoUnit.SECONDS) + "\n"
                + "Dogdorm wrote this file beside " + db.getFileName() + ". While it is here, a dealer that finds "
                + db.getFileName() + "\nmissing, empty or unreadable stops instead of starting an empty database. "
                + "To start empty on purpose,\nmove " + db.getFileName() + " away and remove this file.\n";
        try {
            Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            PrivateFiles.createFile(tmp); // like every file in the folder: the dealer's user's alone
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, marker, ATOMIC_MOVE, REPLACE_EXISTING);
            log.info("wrote {}: a start that finds {} missing will stop", marker, db.getFileName());
        } catch (IOException e) {
            log.warn("could not write {} ({}): a missing {} would not be noticed at the next start", marker,
                    e.getMessage(), db.getFileName());
        }
    }
}
