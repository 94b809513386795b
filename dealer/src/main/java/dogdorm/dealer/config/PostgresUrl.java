package dogdorm.dealer.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a PostgreSQL store lives, as {@code --store} gives it: {@code postgresql://user@host[:5432]/database}. The
 * password never goes in the URL (it would show in {@code ps}, shell history and logs): {@code
 * --store-password-file} or {@code PGPASSWORD} carries it.
 */
public record PostgresUrl(String user, String host, int port, String database) {
    public static final String SCHEME = "postgresql";

    /** Parses a {@code --store} value; the message of a refusal names what is wrong and never repeats a password. */
    public static PostgresUrl parse(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--store: not a URL like postgresql://dogdorm@db.example:5432/dogdorm");
        }
        if (!SCHEME.equals(uri.getScheme())) {
            throw new IllegalArgumentException("--store: only postgresql://user@host:5432/database is known (without "
                    + "--store, the dealer keeps SQLite in --data)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--store: no host (postgresql://user@HOST/database)");
        }
        String info = uri.getRawUserInfo();
        if (info != null && info.contains(":")) {
            throw new IllegalArgumentException("--store: a password in the URL is refused (it would show in ps and "
                    + "logs): put it in --store-password-file or PGPASSWORD");
        }
        if (info == null || info.isBlank()) {
            throw new IllegalArgumentException("--store: no user (postgresql://USER@host/database)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String db = path.startsWith("/") ? path.substring(1) : path;
        if (db.isBlank() || db.contains("/")) {
            throw new IllegalArgumentException("--store: no database name (postgresql://user@host/DATABASE)");
        }
        if (uri.getQuery() != null) {
            throw new IllegalArgumentException("--store: query parameters are not taken");
        }
        return new PostgresUrl(uri.getUserInfo(), uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** As written, for messages: no password is ever part of it. */
    @Override
    public String toString() {
        return SCHEME + "://" + user + "@" + host + ":" + port + "/" + database;
    }
}
