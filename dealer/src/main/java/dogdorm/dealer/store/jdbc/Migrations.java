package dogdorm.dealer.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered schema files ({@code <folder>/V001__name.sql}, listed in order in {@code <folder>/migrations.txt}),
 * each applied once, in its own transaction, recorded in {@code schema_version}. SQLite's are in {@code db/},
 * PostgreSQL's in {@code db/postgresql/}: the same tables, version for version, in each one's types.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    public static void apply(Connection c, String folder) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        }
        int current = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            if (rs.next()) {
                current = rs.getInt(1);
            }
        }
        List<String> files = list(folder);
        if (current > files.size()) {
            throw new SQLException("the database has schema version " + current + " but this dealer knows only "
                    + files.size() + ": it was written by a newer Dogdorm");
        }
        for (int v = current + 1; v <= files.size(); v++) {
            String file = files.get(v - 1);
            if (!file.startsWith(String.format("V%03d__", v))) {
                throw new IllegalStateException("migration " + v + " is named " + file);
            }
            String sql = read(folder + "/" + file);
            int version = v;
            try {
                Jdbc.inTransaction(c, () -> {
                    try (Statement st = c.createStatement()) {
                        for (String stmt : statements(sql)) {
                            st.execute(stmt);
                        }
                        st.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new SQLException("migration " + file + " failed: " + e.getMessage(), e);
            }
            log.info("database schema migrated to {} ({})", v, file);
        }
    }

    public static List<String> list(String folder) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : read(folder + "/migrations.txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /** Splits a file on semicolons at line ends; drops {@code --} comment lines. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                out.add(cur.toString().strip().replaceAll(";$", ""));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder b = new StringBuilder();
                String line;
                while ((line = r.readLine()) != null) {
                    b.append(line).append('\n');
                }
                return b.toString();
            }
        }
    }
}
