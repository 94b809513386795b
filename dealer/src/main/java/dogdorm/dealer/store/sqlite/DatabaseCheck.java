package dogdorm.dealer.store.sqlite;

import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.jdbc.Migrations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Looks at {@code dogdorm.db} before the store opens it, and changes nothing: not a byte of it, and no {@code -wal}
 * or {@code -shm} is left beside it that was not there. No file, or an empty one, is a new database, unless the
 * folder's {@link CreatedMarker} says a database was here or a {@code -wal} beside it may hold the data. Anything
 * else must be a sound Dogdorm database of a schema version this dealer knows. A refusal says what was found and
 * that nothing was changed.
 */
final class DatabaseCheck {
    private static final Logger log = LoggerFactory.getLogger(DatabaseCheck.class);

    /** {@code PRAGMA application_id} of a Dogdorm database: "Dogd". Older Dogdorm files have 0. */
    static final int APPLICATION_ID = 0x446F6764;
    /** Some tables of the original Python Dogdorm's monitor.sqlite3. */
    private static final Set<String> PYTHON_TABLES = Set.of("services", "imports", "aliases", "status", "work");
    private static final int TABLES_NAMED = 8;

    enum Found { NEW, DOGDORM }

    private DatabaseCheck() {}

    static Found inspect(Path db) throws StoreException {
        try {
            return inspect(db, Migrations.list("db").size());
        } catch (IOException e) {
            throw new StoreException("cannot read the schema migrations: " + e.getMessage(), e);
        }
    }

    /** What {@code db} is, for a dealer that knows schema versions up to {@code known}; refuses the rest. */
    static Found inspect(Path db, int known) throws StoreException {
        Path wal = sibling(db, "-wal");
        Optional<String> marker = CreatedMarker.read(db);
        String held = marker.map(m -> " but this folder held a Dogdorm database (" + m + ")").orElse("");
        String startEmpty = ": restore it from a backup"
                + (marker.isPresent() ? ", or remove " + CreatedMarker.path(db) + " to start empty" : "");
        if (Files.notExists(db)) {
            if (marker.isPresent()) {
                throw refused(db + " is missing" + held + startEmpty);
            }
            if (Files.exists(wal)) {
                throw refused(db + " is missing but " + wal + " is there and may hold the data: restore " + db
                        + " from a backup, or move " + wal + " away to start empty");
            }
            return Found.NEW;
        }
        if (!Files.isRegularFile(db)) {
            throw refused(db + " is not a file");
        }
        byte[] first;
        long size;
        try {
            size = Files.size(db);
            first = head(db);
        } catch (IOException e) {
            throw refused(db + " cannot be read (" + e.getMessage() + ")" + held + startEmpty);
        }
        if (size == 0) {
            if (marker.isPresent()) {
                throw refused(db + " is empty (0 bytes)" + held + startEmpty);
            }
            if (Files.exists(wal)) {
                throw refused(db + " is empty (0 bytes) but " + wal + " is beside it and may hold the data: restore "
                        + db + " from a backup, or move both away to start empty");
            }
            return Found.NEW;
        }
        SqliteHeader header = SqliteHeader.parse(first).orElseThrow(() -> refused(notSqlite(db, first, size)));
        if (header.expectedBytes() > size && emptyOrAbsent(wal)) {
            throw refused(db + " is damaged: its header counts " + header.pageCount() + " pages of "
                    + header.pageSize() + " bytes (" + header.expectedBytes() + " bytes) but the file has " + size
                    + " (cut short?): restore it from a backup");
        }
        return readSchema(db, known, held, startEmpty);
    }

    /** Opens {@code db} read-only (no journal mode set: that would rewrite a foreign file's header) and judges it. */
    private static Found readSchema(Path db, int known, String held, String startEmpty) throws StoreException {
        Path wal = sibling(db, "-wal");
        Path shm = sibling(db, "-shm");
        boolean walThere = Files.exists(wal);
        boolean shmThere = Files.exists(shm);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        // with no -wal beside it the file holds everything: immutable=1 reads it with no lock and creates no -shm
        String url = "jdbc:sqlite:file:" + uriPath(db) + (walThere ? "" : "?immutable=1");
        long start = System.nanoTime();
        try (Connection c = config.createConnection(url)) {
            List<String> tables = tables(c);
            if (!tables.contains("schema_version")) {
                if (tables.isEmpty() && pragma(c, "user_version") == 0
                        && List.of(0, APPLICATION_ID).contains(pragma(c, "application_id"))) {
                    if (!held.isEmpty()) {
                        throw refused(db + " has no tables" + held + startEmpty);
                    }
                    return Found.NEW; // an SQLite file with nothing in it: nothing to lose
                }
                throw refused(notOurs(db, tables, c));
            }
            int app = pragma(c, "application_id");
            if (app != 0 && app != APPLICATION_ID) {
                throw refused(db + " is not a Dogdorm database: its application_id is " + hex(app) + ", not "
                        + hex(APPLICATION_ID));
            }
            int version = schemaVersion(c);
            if (version > known) {
                throw refused(db + " was written by a newer Dogdorm: its schema version is " + version
                        + " and this dealer knows up to " + known);
            }
            List<String> problems = quickCheck(c);
            if (!problems.equals(List.of("ok"))) {
                throw refused(db + " is damaged: PRAGMA quick_check reported " + String.join("; ", problems)
                        + ": restore it from a backup");
            }
            log.info("checked {}: Dogdorm schema version {}, quick_check ok, in {} ms", db, version,
                    (System.nanoTime() - start) / 1_000_000);
            return Found.DOGDORM;
        } catch (SQLException e) {
            throw refused(db + " cannot be read: " + SqliteFailure.describe(e, db) + ": restore it from a backup");
        } finally {
            if (!shmThere) {
                deleteQuietly(shm); // made by this look, used by no one: SQLite builds it again when it opens
            }
        }
    }

    /** Marks a Dogdorm database as such, once: a new one, or one made before the mark existed. */
    static void claim(Connection c) throws SQLException {
        if (pragma(c, "application_id") != APPLICATION_ID) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA application_id = " + APPLICATION_ID);
            }
        }
    }

    private static StoreException refused(String why) {
        return new StoreException(why + "; nothing was changed", null);
    }

    private static String notSqlite(Path db, byte[] first, long size) {
        if (SqliteHeader.startsWithMagic(first)) {
            return db + " is damaged: it has " + size + " bytes, less than an SQLite header: restore it from a backup";
        }
        return db + " is not an SQLite database (its first bytes are " + show(first) + ")";
    }

    private static String notOurs(Path db, List<String> tables, Connection c) throws SQLException {
        if (tables.isEmpty()) {
            return db + " is not a Dogdorm database: it has no tables, but its application_id is "
                    + hex(pragma(c, "application_id")) + " and its user_version " + pragma(c, "user_version");
        }
        String names = String.join(", ", tables.subList(0, Math.min(TABLES_NAMED, tables.size())))
                + (tables.size() > TABLES_NAMED ? ", …" : "");
        long python = tables.stream().filter(PYTHON_TABLES::contains).count();
        return db + " is not a Dogdorm database: it has tables " + names
                + (python >= 3 ? " (the original Python Dogdorm's monitor.sqlite3?)" : "");
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                        + "ORDER BY rowid")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /**
     * The first problems quick_check reported ("ok" alone when the file is sound). It may report some and then
     * fail on the next: that failure ends the list.
     */
    private static List<String> quickCheck(Connection c) {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA quick_check(3)")) {
            while (rs.next()) {
                String line = rs.getString(1).replaceFirst("^\\*\\*\\* in database \\S+ \\*\\*\\*", "").strip();
                if (!line.isEmpty()) {
                    out.add(line.replace('\n', ' '));
                }
            }
        } catch (SQLException e) {
            out.add((out.isEmpty() ? "a failure: " : "") + SqliteFailure.describe(e));
        }
        return out;
    }

    private static int pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static byte[] head(Path db) throws IOException {
        try (InputStream in = Files.newInputStream(db)) {
            return in.readNBytes(SqliteHeader.SIZE);
        }
    }

    /** Up to 16 bytes: as text when they are printable, else in hex. */
    private static String show(byte[] first) {
        int n = Math.min(16, first.length);
        boolean text = true;
        for (int i = 0; i < n; i++) {
            text &= (first[i] >= 0x20 && first[i] < 0x7f) || first[i] == '\n' || first[i] == '\r' || first[i] == '\t';
        }
        String more = first.length > n ? " …" : "";
        if (text) {
            return "\"" + new String(first, 0, n, StandardCharsets.US_ASCII)
                    .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"" + more;
        }
        return HexFormat.ofDelimiter(" ").formatHex(first, 0, n) + more;
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }

    private static boolean emptyOrAbsent(Path file) {
        try {
            return Files.notExists(file) || Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path as an SQLite URI path: the characters a URI gives a meaning to are escaped. */
    private static String uriPath(Path p) {
        return p.toAbsolutePath().toString().replace("%", "%25").replace("?", "%3f").replace("#", "%23");
    }

    private static Path sibling(Path db, String suffix) {
        return db.resolveSibling(db.getFileName() + suffix);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not remove {}: {}", file, e.getMessage());
        }
    }
}
