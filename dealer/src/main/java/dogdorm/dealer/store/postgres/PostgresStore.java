package dogdorm.dealer.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dogdorm.dealer.config.PostgresUrl;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.jdbc.JdbcStore;
import dogdorm.dealer.store.jdbc.Migrations;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a PostgreSQL server: the same tables as SQLite's, version for version ({@code db/postgresql/}), the
 * same SQL through the shared {@link JdbcStore}, a small HikariCP pool. The server and database come as a JDBC URL
 * ({@code jdbc:postgresql://host:5432/db}), the user and password apart, so no message ever carries the password.
 *
 * <p>One dealer writes to a database: the store holds a session advisory lock ({@link #WRITER_LOCK}) on a
 * connection of its own for its whole life, as the SQLite store locks its data folder. A second dealer on the same
 * database is refused at start, or, standing by, waits for the lock: the lock ends with its holder's session, so
 * when the leading dealer dies the one standing by takes it at once, loads the data and leads. Taking the lock
 * raises the {@code leader} table's epoch; every flush first checks that the epoch is still its own (a fencing
 * token), so a dealer that lost its session (a network cut) and was replaced writes nothing more.
 */
public final class PostgresStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
    /** The advisory lock key of the one writing dealer: "Dogd". */
    public static final long WRITER_LOCK = 0x446F6764L;

    private final Connection writerLock;
    /** This dealer's epoch: the {@code leader} row's value when it took the lock. */
    private final long epoch;

    public PostgresStore(PostgresUrl url, String password, boolean standBy) throws StoreException {
        this(url.jdbcUrl(), url.user(), password, standBy);
    }

    public PostgresStore(String jdbcUrl, String user, String password) throws StoreException {
        this(jdbcUrl, user, password, false);
    }

    /** With {@code standBy}, waits for the writer's lock while another dealer leads, instead of refusing. */
    public PostgresStore(String jdbcUrl, String user, String password, boolean standBy) throws StoreException {
        this(lock(jdbcUrl, user, password, standBy), jdbcUrl, user, password);
    }

    private PostgresStore(Connection writerLock, String jdbcUrl, String user, String password) throws StoreException {
        super(openOrUnlock(writerLock, jdbcUrl, user, password), where(jdbcUrl, user));
        this.writerLock = writerLock;
        try {
            this.epoch = raiseEpoch();
        } catch (SQLException e) {
            close();
            throw new StoreException("cannot take the lead in " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
        }
        log.info("store: {} (leading, epoch {})", where(jdbcUrl, user), epoch);
    }

    /** A reader: no lock, no epoch, no migration; every write refused. */
    private PostgresStore(HikariDataSource pool, String where) {
        super(pool, where);
        this.writerLock = null;
        this.epoch = 0;
    }

    /**
     * A store that only reads {@code url}'s database, for the read-only copy a dealer standing by shows: it takes no
     * lock, migrates nothing (the leading dealer does) and refuses every write. Two connections at most.
     */
    public static PostgresStore reader(PostgresUrl url, String password) throws StoreException {
        return new PostgresStore(open(url.jdbcUrl(), url.user(), password, false), where(url.jdbcUrl(), url.user()));
    }

    /** Raises the leader epoch and returns the new value: from now on only this dealer's flushes go through. */
    private long raiseEpoch() throws SQLException {
        try (Connection c = connection(); var st = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                st.execute("LOCK TABLE leader IN EXCLUSIVE MODE");
                long next;
                try (var rs = st.executeQuery("SELECT coalesce(max(epoch), 0) + 1 FROM leader")) {
                    rs.next();
                    next = rs.getLong(1);
                }
                st.execute("DELETE FROM leader");
                st.execute("INSERT INTO leader (epoch) VALUES (" + next + ")");
                c.commit();
                return next;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Refuses the flush of a dealer that another has replaced (the epoch moved on). */
    @Override
    protected void beforeWrite(Connection c) throws SQLException {
        if (writerLock == null) {
            throw new SQLException("a dealer standing by only reads the database; nothing is written", "D0002");
        }
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT epoch FROM leader FOR SHARE")) {
            long now = rs.next() ? rs.getLong(1) : 0;
            if (now != epoch) {
                throw new SQLException("this dealer no longer leads (its epoch " + epoch + ", the database's " + now
                        + "): another dealer took over; nothing of this flush is written", "D0001");
            }
        }
    }

    public long epoch() {
        return epoch;
    }

    /** Writes this dealer's URL beside its epoch (only while the epoch is still its own). */
    @Override
    public void announce(String url) throws StoreException {
        if (writerLock == null) {
            return; // a reader leads nothing
        }
        try (Connection c = connection(); var ps = c.prepareStatement("UPDATE leader SET url = ? WHERE epoch = ?")) {
            ps.setString(1, url);
            ps.setLong(2, epoch);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write the leader's URL to the database: " + describeFailure(e), e);
        }
    }

    /**
     * Where the leading dealer of {@code url}'s database said it answers, or null when it has not said or the
     * database cannot be asked (a dealer standing by asks this for its 503; it must not fail for it).
     */
    public static String leader(PostgresUrl url, String password) {
        try (Connection c = connect(url.jdbcUrl(), url.user(), password)) {
            return leader(c);
        } catch (SQLException e) {
            return null;
        }
    }

    private static String leader(Connection c) {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT url FROM leader")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null; // a database not migrated yet has no leader table, or no url column
        }
    }

    /** The dealers of this database share one lease key: the first to ask makes it (32 random bytes). */
    @Override
    public byte[] sharedLeaseKey() throws StoreException {
        byte[] fresh = new byte[32];
        new java.security.SecureRandom().nextBytes(fresh);
        try (Connection c = connection();
             var insert = c.prepareStatement("INSERT INTO lease_key (id, key) VALUES (1, ?) ON CONFLICT (id) DO NOTHING");
             var select = c.prepareStatement("SELECT key FROM lease_key WHERE id = 1")) {
            insert.setBytes(1, fresh);
            insert.executeUpdate();
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the lease key from the database: " + describeFailure(e), e);
        }
    }

    /** A connection holding the writer's lock, or a refusal naming the database when another dealer holds it. */
    private static Connection lock(String jdbcUrl, String user, String password, boolean standBy)
            throws StoreException {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new StoreException("'" + jdbcUrl + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)",
                    null);
        }
        Connection c;
        try {
            c = connect(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
        }
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_try_advisory_lock(" + WRITER_LOCK + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                if (!standBy) {
                    String leader = leader(c);
                    c.close();
                    throw new StoreException(where(jdbcUrl, user) + " is in use by another dealer"
                            + (leader == null ? "" : " (" + leader + ")") + ", which holds the writer's lock: one "
                            + "dealer writes to a database; start this one with --standby to take over when that one "
                            + "is gone", null);
                }
                log.info("standing by: another dealer leads on {}; waiting for the writer's lock", where(jdbcUrl, user));
                try (var wait = c.createStatement()) {
                    wait.execute("SELECT pg_advisory_lock(" + WRITER_LOCK + ")"); // returns when the leader is gone
                }
                log.info("the writer's lock is ours: taking over {}", where(jdbcUrl, user));
            }
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing what failed
            }
            throw new StoreException("cannot lock " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
        }
    }

    private static HikariDataSource openOrUnlock(Connection writerLock, String jdbcUrl, String user, String password)
            throws StoreException {
        try {
            return open(jdbcUrl, user, password, true);
        } catch (StoreException | RuntimeException e) {
            try {
                writerLock.close();
            } catch (SQLException ignored) {
                // the lock goes with the session
            }
            throw e;
        }
    }

    @Override
    public void close() {
        super.close();
        if (writerLock == null) {
            return;
        }
        try {
            writerLock.close(); // ends the session: the lock is free for the next dealer
        } catch (SQLException e) {
            log.warn("closing the writer's lock on the database: {}", describeFailure(e));
        }
    }

    /** {@code user@host:port/db}, for messages. */
    static String where(String jdbcUrl, String user) {
        String rest = jdbcUrl.startsWith("jdbc:postgresql://") ? jdbcUrl.substring("jdbc:postgresql://".length())
                : jdbcUrl;
        int q = rest.indexOf('?');
        return "postgresql://" + (user == null ? "" : user + "@") + (q < 0 ? rest : rest.substring(0, q));
    }

    /** A connection of its own (not the pool's), with the driver settings every connection gets. */
    private static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        java.util.Properties props = driverSettings();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        return java.sql.DriverManager.getConnection(jdbcUrl, props);
    }

    /** What the driver is told on every connection, the lock's and the pool's alike. */
    private static java.util.Properties driverSettings() {
        java.util.Properties p = new java.util.Properties();
        // the server's "Detail" quotes the row's values (a heartbeat token in a unique violation): never in a message
        p.setProperty("logServerErrorDetail", "false");
        // a flush's batches as multi-row statements: one round trip per few hundred rows, not one per row
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("connectTimeout", "10");
        return p;
    }

    /** The pool (after {@link #lock} has checked the URL), its schema migrated. */
    private static HikariDataSource open(String jdbcUrl, String user, String password, boolean writer)
            throws StoreException {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName(writer ? "postgresql" : "postgresql-reader");
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(writer ? 4 : 2);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        cfg.setDataSourceProperties(driverSettings());
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
        }
        if (!writer) {
            return pool;
        }
        try (Connection c = pool.getConnection()) {
            Migrations.apply(c, "db/postgresql");
        } catch (SQLException | IOException e) {
            pool.close();
            throw new StoreException("cannot prepare " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
        }
        return pool;
    }

    @Override
    protected String describe(Exception e) {
        return describeFailure(e);
    }

    /** A failure in words, by its SQLSTATE class where there is one. */
    static String describeFailure(Throwable e) {
        SQLException sql = null;
        for (Throwable t = e; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) sql = s;
        }
        String message = (sql != null ? sql : e).getMessage();
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String why = state.startsWith("08") ? "the database server cannot be reached or dropped the connection"
                : state.startsWith("28") ? "the server refused the user or password"
                : state.equals("53100") ? "the database server's disk is full"
                : state.startsWith("53") ? "the database server is out of resources"
                : state.equals("25006") ? "the database is read-only (a standby?)"
                : state.startsWith("57P") ? "the database server is shutting down or restarting"
                : state.startsWith("40") ? "the transaction was rolled back (serialization failure or deadlock)"
                : null;
        return why == null ? message : why + " (" + message + ")";
    }
}
