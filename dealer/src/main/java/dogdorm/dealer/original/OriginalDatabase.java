package dogdorm.dealer.original;

import dogdorm.dealer.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Reads the original Python Dogdorm's {@code monitor.sqlite3}, read-only: the file is opened immutable (no lock, no
 * journal, nothing written), so it is never changed. Its tables: {@code services} (type 3 STUN map, 4 STUN change,
 * 5 MQTT, 6 TURN, 7 NTP; af 2 or 10; proto 2 UDP or 1 TCP; a {@code group_id} shared by an RFC 3489 group's four
 * members; an {@code alias_id}), {@code imports} (the list rows), {@code aliases} (host name, af, current ip) and
 * {@code status} (the counters of each row, by {@code table_type} 14 services, 15 aliases, 16 imports, and
 * {@code row_id}; a row may have several, the newest counts).
 */
public final class OriginalDatabase {
    private OriginalDatabase() {}

    public record Service(long id, int type, int af, int proto, String ip, int port, long groupId, String user,
                          String password, Long aliasId) {}

    public record ImportRow(long id, int type, int af, String ip, int port, String user, String password,
                            Long aliasId) {}

    public record AliasRow(long id, String fqn, int af, String ip) {}

    /** A row's counters; times are unix seconds, 0 for never. */
    public record Status(int status, long lastStatus, long testNo, long failedTests, long lastSuccess, long uptime,
                         long maxUptime) {}

    public record Contents(List<Service> services, List<ImportRow> imports, List<AliasRow> aliases,
                           Map<String, Status> statuses) {
        /** The counters of a row of {@code table} (14 services, 15 aliases, 16 imports), or null. */
        public Status status(int table, long rowId) {
            return statuses.get(table + ":" + rowId);
        }
    }

    public static Contents read(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": no such file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        // with no -wal beside it the file holds everything: immutable=1 reads it with no lock and writes nothing
        boolean wal = Files.exists(file.resolveSibling(file.getFileName() + "-wal"));
        String path = file.toAbsolutePath().toString().replace("%", "%25").replace("?", "%3f").replace("#", "%23");
        String url = "jdbc:sqlite:file:" + path + (wal ? "" : "?immutable=1");
        try (Connection c = config.createConnection(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : List.of("services", "imports", "aliases", "status")) {
                if (!tables.contains(t)) {
                    throw new StoreException(file + " is not the original Dogdorm's database: it has no table " + t
                            + " (its tables: " + String.join(", ", tables) + ")");
                }
            }
            List<Service> services = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, type, af, proto, ip, port, group_id, user, password, "
                    + "alias_id FROM services ORDER BY id")) {
                while (rs.next()) {
                    services.add(new Service(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                            rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getString(9), nullableLong(rs, 10)));
                }
            }
            List<ImportRow> imports = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, type, af, ip, port, user, password, alias_id FROM imports "
                    + "ORDER BY id")) {
                while (rs.next()) {
                    imports.add(new ImportRow(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), nullableLong(rs, 8)));
                }
            }
            List<AliasRow> aliases = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, fqn, af, ip FROM aliases ORDER BY id")) {
                while (rs.next()) {
                    aliases.add(new AliasRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
            Map<String, Status> statuses = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT table_type, row_id, status, last_status, test_no, "
                    + "failed_tests, last_success, uptime, max_uptime FROM status ORDER BY id")) {
                while (rs.next()) { // ordered by id: the newest of a row's statuses is put last and kept
                    statuses.put(rs.getInt(1) + ":" + rs.getLong(2), new Status(rs.getInt(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                }
            }
            return new Contents(services, imports, aliases, statuses);
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot read it as the original Dogdorm's database: " + e.getMessage(),
                    e);
        }
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
