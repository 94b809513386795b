package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dogdorm.dealer.notify.EmailSettings;
import dogdorm.dealer.notify.Receiver;
import dogdorm.dealer.notify.ReceiverFilter;
import dogdorm.dealer.notify.ReceiverKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notification receivers ({@code V018__receivers.sql}): one row each, the SMTP settings and the filter as JSON
 * text (the same in SQLite and PostgreSQL). Ids are the highest ever given plus one ({@code meta}'s
 * {@code last_receiver_id} remembers deleted ones).
 */
final class ReceiverRows {
    private static final String LAST = "last_receiver_id";
    private final ObjectMapper json;

    ReceiverRows(ObjectMapper json) {
        this.json = json;
    }

    List<Receiver> all(Connection c) throws SQLException {
        return query(c, "SELECT * FROM receivers ORDER BY id", this::read);
    }

    Receiver add(Connection c, Receiver r) throws SQLException {
        long id = Math.max(Meta.read(c).getOrDefault(LAST, 0L),
                query(c, "SELECT coalesce(max(id), 0) FROM receivers", rs -> rs.getLong(1)).get(0)) + 1;
        Receiver stored = r.withId(id, r.created());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO receivers (id, name, kind, url, email, filter, "
                + "created) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            bind(ps, stored, 2);
            ps.setLong(7, stored.created().toEpochMilli());
            ps.executeUpdate();
        }
        Meta.raise(c, Map.of(LAST, id));
        return stored;
    }

    boolean update(Connection c, Receiver r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE receivers SET name = ?, kind = ?, url = ?, email = ?, "
                + "filter = ? WHERE id = ?")) {
            bind(ps, r, 1);
            ps.setLong(6, r.id());
            return ps.executeUpdate() > 0;
        }
    }

    static boolean delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM receivers WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** name, kind, url, email, filter from {@code first} on. */
    private void bind(PreparedStatement ps, Receiver r, int first) throws SQLException {
        ps.setString(first, r.name());
        ps.setString(first + 1, r.kind().wire());
        ps.setString(first + 2, r.url());
        ps.setString(first + 3, r.email() == null ? null : write(email(r.email())));
        ps.setString(first + 4, write(filter(r.filter())));
    }

    private ObjectNode email(EmailSettings e) {
        ObjectNode n = json.createObjectNode();
        n.put("host", e.host());
        n.put("port", e.port());
        n.put("starttls", e.starttls());
        n.put("user", e.user());
        n.put("password", e.password());
        n.put("from", e.from());
        e.to().forEach(n.putArray("to")::add);
        return n;
    }

    private ObjectNode filter(ReceiverFilter f) {
        ObjectNode n = json.createObjectNode();
        f.targets().forEach(n.putArray("targets")::add);
        f.lists().forEach(n.putArray("lists")::add);
        f.tags().forEach(n.putArray("tags")::add);
        f.events().forEach(n.putArray("events")::add);
        return n;
    }

    private String write(JsonNode n) throws SQLException {
        try {
            return json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write a receiver as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Receiver read(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        try {
            String email = rs.getString("email");
            EmailSettings settings = null;
            if (email != null) {
                JsonNode e = json.readTree(email);
                settings = new EmailSettings(e.path("host").asText(null), e.path("port").asInt(),
                        e.path("starttls").asBoolean(), e.path("user").asText(null), e.path("password").asText(null),
                        e.path("from").asText(null), texts(e.path("to")));
            }
            JsonNode f = json.readTree(rs.getString("filter"));
            List<Long> targets = new ArrayList<>();
            f.path("targets").forEach(t -> targets.add(t.asLong()));
            ReceiverFilter filter = new ReceiverFilter(targets, texts(f.path("lists")), texts(f.path("tags")),
                    texts(f.path("events")));
            return new Receiver(id, rs.getString("name"), ReceiverKind.parse(rs.getString("kind")),
                    rs.getString("url"), settings, filter, Instant.ofEpochMilli(rs.getLong("created")));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // the message names a field, never a value that could be the secret
            throw new SQLException("receiver #" + id + " is stored wrong: " + (e instanceof JsonProcessingException j
                    ? "not JSON" : e.getMessage().replaceAll("'.*'", "'…'")), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(t -> out.add(t.asText()));
        return out;
    }
}
