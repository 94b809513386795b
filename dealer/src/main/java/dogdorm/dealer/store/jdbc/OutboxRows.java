package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.dealer.notify.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Events not yet delivered ({@code V007__outbox.sql}): added with the changes that cause them, deleted when done. */
final class OutboxRows {
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {};

    private final ObjectMapper json;

    OutboxRows(ObjectMapper json) {
        this.json = json;
    }

    void write(Connection c, Collection<Event> added, Collection<Long> delivered) throws SQLException {
        if (!added.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO outbox (id, type, at, message, fields) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                for (Event e : added) {
                    ps.setLong(1, e.id());
                    ps.setString(2, e.type());
                    ps.setLong(3, e.at().toEpochMilli());
                    ps.setString(4, e.message());
                    try {
                        ps.setString(5, json.writeValueAsString(e.fields()));
                    } catch (JsonProcessingException ex) {
                        throw new SQLException("event #" + e.id() + " cannot be written: " + ex.getMessage(), ex);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!delivered.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                for (Long id : delivered) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    List<Event> load(Connection c) throws SQLException {
        return query(c, "SELECT * FROM outbox ORDER BY id", rs -> {
            Map<String, Object> fields;
            try {
                fields = json.readValue(rs.getString("fields"), FIELDS);
            } catch (JsonProcessingException e) {
                fields = Map.of();
            }
            return new Event(rs.getLong("id"), rs.getString("type"), Instant.ofEpochMilli(rs.getLong("at")),
                    rs.getString("message"), fields);
        });
    }
}
