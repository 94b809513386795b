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
 */
public final class PostgresStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    public PostgresStore(String jdbcUrl, String user, String password) throws StoreException {
        super(open(jdbcUrl, user, password), where(jdbcUrl, user));
        log.info("store: {}", where(jdbcUrl, user));
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
