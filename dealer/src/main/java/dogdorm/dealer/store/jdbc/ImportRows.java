package dogdorm.dealer.store.jdbc;

import static dogdorm.dealer.store.jdbc.Jdbc.instant;
import static dogdorm.dealer.store.jdbc.Jdbc.millis;
import static dogdorm.dealer.store.jdbc.Jdbc.setLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dogdorm.common.Kind;
import dogdorm.dealer.imports.Alias;
import dogdorm.dealer.imports.Candidate;
import dogdorm.dealer.table.TargetSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The list rows waiting for validation ({@code candidates}) and the DNS aliases ({@code V004__imports.sql}). */
final class ImportRows {
    private static final TypeReference<List<Long>> IDS = new TypeReference<>() {};

    private final ObjectMapper json;

    ImportRows(ObjectMapper json) {
        this.json = json;
    }

    List<Candidate> candidates(Connection c) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM candidates ORDER BY id")) {
            while (rs.next()) {
                out.add(candidate(rs));
            }
        }
        return out;
    }

    private Candidate candidate(ResultSet rs) throws SQLException {
        TargetSpec spec = new TargetSpec(Kind.parse(rs.getString("kind")), rs.getInt("family"), null,
                rs.getString("host"), rs.getString("ip"), rs.getInt("port"), rs.getString("user"),
                rs.getString("password"), null, Jdbc.source(rs), null, null, null);
        List<Long> services;
        try {
            services = json.readValue(rs.getString("services"), IDS);
        } catch (JsonProcessingException e) {
            services = List.of();
        }
        return Candidate.restore(rs.getLong("id"), spec, Candidate.State.parse(rs.getString("state")),
                rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "last_tried"), services);
    }

    List<Alias> aliases(Connection c) throws SQLException {
        Map<Long, List<Alias.Seen>> seen = new HashMap<>();
        List<Alias> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT alias_id, address, first_seen, last_seen FROM alias_addresses ORDER BY first_seen")) {
                while (rs.next()) {
                    seen.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Alias.Seen(rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM aliases ORDER BY id")) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    out.add(Alias.restore(id, rs.getString("host"), rs.getInt("family"), rs.getString("current"),
                            seen.getOrDefault(id, List.of()), instant(rs, "last_resolved"),
                            rs.getString("last_error")));
                }
            }
        }
        return out;
    }

    void writeCandidates(Connection c, Collection<Candidate> changed, Collection<Long> deleted) throws SQLException {
        if (!deleted.isEmpty()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM candidates WHERE id = ?")) {
                for (Long id : deleted) {
                    del.setLong(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO candidates (id, kind, family, host, ip, port, "user", password, source, state, attempts,
                    last_error, last_tried, services) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, family = excluded.family, host = excluded.host,
                    ip = excluded.ip, port = excluded.port, "user" = excluded."user", password = excluded.password,
                    source = excluded.source, state = excluded.state, attempts = excluded.attempts,
                    last_error = excluded.last_error, last_tried = excluded.last_tried, services = excluded.services
                """)) {
            for (Candidate k : changed) {
                TargetSpec s = k.spec();
                int i = 1;
                ps.setLong(i++, k.id());
                ps.setString(i++, s.kind().wire());
                ps.setInt(i++, s.family());
                ps.setString(i++, s.host());
                ps.setString(i++, s.ip());
                ps.setInt(i++, s.port());
                ps.setString(i++, s.user());
                ps.setString(i++, s.password());
                ps.setString(i++, s.sourceText());
                ps.setString(i++, k.state().wire());
                ps.setInt(i++, k.attempts());
                ps.setString(i++, k.lastError());
                setLong(ps, i++, millis(k.lastTried()));
                try {
                    ps.setString(i, json.writeValueAsString(k.services()));
                } catch (JsonProcessingException e) {
                    throw new SQLException(e);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    void writeAliases(Connection c, Collection<Alias> changed, Collection<Long> deleted) throws SQLException {
        if (changed.isEmpty() && deleted.isEmpty()) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM aliases WHERE id = ?");
             PreparedStatement delAddresses = c.prepareStatement("DELETE FROM alias_addresses WHERE alias_id = ?");
             PreparedStatement up = c.prepareStatement("""
                     INSERT INTO aliases (id, host, family, current, last_resolved, last_error)
                     VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (id) DO UPDATE SET current = excluded.current,
                         last_resolved = excluded.last_resolved, last_error = excluded.last_error""");
             PreparedStatement addr = c.prepareStatement(
                     "INSERT INTO alias_addresses (alias_id, address, first_seen, last_seen) VALUES (?, ?, ?, ?)")) {
            for (Long id : deleted) {
                delAddresses.setLong(1, id);
                delAddresses.executeUpdate();
                del.setLong(1, id);
                del.executeUpdate();
            }
            for (Alias a : changed) {
                up.setLong(1, a.id());
                up.setString(2, a.host());
                up.setInt(3, a.family());
                up.setString(4, a.current());
                setLong(up, 5, millis(a.lastResolved()));
                up.setString(6, a.lastError());
                up.executeUpdate();
                delAddresses.setLong(1, a.id());
                delAddresses.executeUpdate();
                for (Alias.Seen s : a.history()) {
                    addr.setLong(1, a.id());
                    addr.setString(2, s.address());
                    addr.setLong(3, s.firstSeen().toEpochMilli());
                    addr.setLong(4, s.lastSeen().toEpochMilli());
                    addr.addBatch();
                }
            }
            addr.executeBatch();
        }
    }
}
