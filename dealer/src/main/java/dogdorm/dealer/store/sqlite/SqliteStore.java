package dogdorm.dealer.store.sqlite;


import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dogdorm.dealer.store.StoreException;
import dogdorm.dealer.store.jdbc.JdbcStore;
import dogdorm.dealer.store.jdbc.Migrations;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded default store: one SQLite file in WAL mode under the data directory, through HikariCP. */
public final class SqliteStore extends JdbcStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final DataFolder folder;
    private final Path file;

    /** Locks the data folder for this store's whole life (see {@link DataFolder}), then opens its database. */
    public SqliteStore(Path dataDir) throws StoreException {
        this(DataFolder.lock(dataDir));
    }

    private SqliteStore(DataFolder folder) throws StoreException {
        super(openOrUnlock(folder), folder.path().resolve("dogdorm.db").toString());
        this.folder = folder;
        this.file = folder.path().resolve("dogdorm.db");
        log.info("store: {}", file);
    }

    private static HikariDataSource openOrUnlock(DataFolder folder) throws StoreException {
        try {
            return open(folder.path().resolve("dogdorm.db"));
        } catch (StoreException | RuntimeException e) {
            folder.close();
            throw e;
        }
    }

    /** Checks the file first (a foreign or damaged one is refused unchanged), then pools, migrates and marks it. */
    private static HikariDataSource open(Path file) throws StoreException {
        DatabaseCheck.Found found = DatabaseCheck.inspect(file);
        if (found == DatabaseCheck.Found.NEW) {
            try {
                PrivateFiles.createFile(file); // 0600: SQLite gives its -wal and -shm files the same
            } catch (IOException e) {
                throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
            }
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("sqlite");
        cfg.setJdbcUrl("jdbc:sqlite:" + file);
        cfg.setMaximumPoolSize(4);
        cfg.setMinimumIdle(1);
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "NORMAL");
        cfg.addDataSourceProperty("busy_timeout", "5000");
        cfg.addDataSourceProperty("foreign_keys", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open " + file + ": " + SqliteFailure.describe(e, file), e);
        }
        try (Connection c = pool.getConnection()) {
            Migrations.apply(c, "db");
            DatabaseCheck.claim(c);
        } catch (SQLException | IOException e) {
            pool.close();
            throw new StoreException("cannot prepare " + file + ": " + SqliteFailure.describe(e, file), e);
        }
        CreatedMarker.writeIfMissing(file, found == DatabaseCheck.Found.NEW);
        return pool;
    }

    @Override
    protected String describe(Exception e) {
        return SqliteFailure.describe(e, file);
    }

    @Override
    public void close() {
        super.close();
        folder.close();
    }
}
