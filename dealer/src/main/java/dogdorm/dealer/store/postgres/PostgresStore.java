package dogdorm.dealer.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * connection of its own for its whole life, as the SQLite store locks its data folder, and a second dealer on the
 * same database is refused at start. (The lock ends with the session: a dealer that dies frees it at once; failing
 * over to a standing-by dealer is to come.)
 */
public final class PostgresStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
    /** The advisory lock key of the one writing dealer: "Dogd". */
    public static final long WRITER_LOCK = 0x446F6764L;

    private final Connection writerLock;

    public PostgresStore(PostgresUrl url, String password) throws StoreException {
        this(url.jdbcUrl(), url.user(), password);
    }

    public PostgresStore(String jdbcUrl, String user, String password) throws StoreException {
        this(lock(jdbcUrl, user, password), jdbcUrl, user, password);
    }

    private PostgresStore(Connection writerLock, String jdbcUrl, String user, String password) throws StoreException {
        super(openOrUnlock(writerLock, jdbcUrl, user, password), where(jdbcUrl, user));
        this.writerLock = writerLock;
        log.info("store: {}", where(jdbcUrl, user));
    }

    /** A connection holding the writer's lock, or a refusal naming the database when another dealer holds it. */
    private static Connection lock(String jdbcUrl, String user, String password) throws StoreException {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new StoreException("'" + jdbcUrl + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)",
                    null);
        }
        java.util.Properties props = new java.util.Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        props.setProperty("logServerErrorDetail", "false");
        props.setProperty("connectTimeout", "10");
        Connection c;
        try {
            c = java.sql.DriverManager.getConnection(jdbcUrl, props);
        } catch (SQLException e) {
            throw new StoreException("cannot connect to " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
        }
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_try_advisory_lock(" + WRITER_LOCK + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                c.close();
                throw new StoreException(where(jdbcUrl, user) + " is in use by another dealer (it holds the writer's "
                        + "lock): one dealer writes to a database", null);
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
            return open(jdbcUrl, user, password);
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

    private static HikariDataSource open(String jdbcUrl, String user, String password) throws StoreException {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new StoreException("'" + jdbcUrl + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)",
                    null);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("postgresql");
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        // the server's "Detail" quotes the row's values (a heartbeat token in a unique violation): never in a message
        cfg.addDataSourceProperty("logServerErrorDetail", "false");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + where(jdbcUrl, user) + ": " + describeFailure(e), e);
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
