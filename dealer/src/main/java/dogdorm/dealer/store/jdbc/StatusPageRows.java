package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.statuspage.StatusPage;
import dogdorm.dealer.statuspage.StatusPageChanges;
import dogdorm.dealer.statuspage.StatusPageSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code status_pages} table ({@code V015__status_pages.sql}): whole rows, what each page shows as JSON arrays.
 * A flush deletes the rows it changes and inserts them again, so slugs that change hands within one flush (one
 * page renamed, another given its old slug) never meet in the unique index.
 */
final class StatusPageRows {
    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {};
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};

    private final ObjectMapper json;

    StatusPageRows(ObjectMapper json) {
        this.json = json;
    }

    /** The pages, and the highest id ever given: the {@code meta} key or the highest row's, whichever is higher. */
    StatusPageChanges.Stored load(Connection c, Map<String, Long> meta) throws SQLException {
        List<StatusPage> pages = query(c, "SELECT * FROM status_pages ORDER BY id", rs -> {
            long id = rs.getLong("id");
            try {
                StatusPageSpec spec = new StatusPageSpec(rs.getString("slug"), rs.getString("title"),
                        rs.getString("description"), json.readValue(rs.getString("targets"), IDS),
                        json.readValue(rs.getString("lists"), NAMES), json.readValue(rs.getString("tags"), NAMES));
                return new StatusPage(id, spec, Instant.ofEpochMilli(rs.getLong("created")),
                        Instant.ofEpochMilli(rs.getLong("updated")));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new SQLException("status page #" + id + " cannot be read: " + e.getMessage(), e);
            }
        });
        long last = meta.getOrDefault("last_status_page_id", 0L);
        for (StatusPage p : pages) {
            last = Math.max(last, p.id());
        }
        return new StatusPageChanges.Stored(pages, last);
    }

    void write(Connection c, StatusPageChanges changes) throws SQLException {
        if (changes.size() == 0) {
            return;
        }
        Set<Long> gone = new HashSet<>(changes.deleted());
        changes.saved().forEach(p -> gone.add(p.id()));
        try (PreparedStatement del = c.prepareStatement("DELETE FROM status_pages WHERE id = ?");
             PreparedStatement ins = c.prepareStatement("""
                     INSERT INTO status_pages (id, slug, title, description, targets, lists, created, updated, tags)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (long id : gone) {
                del.setLong(1, id);
                del.addBatch();
            }
            del.executeBatch();
            for (StatusPage p : changes.saved()) {
                StatusPageSpec s = p.spec();
                ins.setLong(1, p.id());
                ins.setString(2, s.slug());
                ins.setString(3, s.title());
                ins.setString(4, s.description());
                ins.setString(5, json.writeValueAsString(s.targets()));
                ins.setString(6, json.writeValueAsString(s.lists()));
                ins.setLong(7, p.created().toEpochMilli());
                ins.setLong(8, p.updated().toEpochMilli());
                ins.setString(9, json.writeValueAsString(s.tags()));
                ins.addBatch();
            }
            if (!changes.saved().isEmpty()) {
                ins.executeBatch();
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("a status page cannot be written: " + e.getMessage(), e);
        }
    }
}
