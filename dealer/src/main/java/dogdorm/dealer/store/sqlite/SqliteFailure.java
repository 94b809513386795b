package dogdorm.dealer.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What an exception from sqlite-jdbc means in plain words: disk full, read-only, locked, an I/O error, a damaged
 * file, a file that cannot be opened, or (anything else) the driver's own message. A known cause is described in
 * fixed words and its code ("disk full (SQLITE_FULL)"), never with the statement or its values.
 */
record SqliteFailure(Kind kind, String code, String message) {
    enum Kind { FULL, READ_ONLY, LOCKED, IO, DAMAGED, CANNOT_OPEN, OTHER }

    private static final Pattern CODE = Pattern.compile("\\[(SQLITE_[A-Z_]+)]");

    /** The cause of {@code e}: the SQLite result code found on it or its causes, else {@link Kind#OTHER}. */
    static SqliteFailure of(Throwable e) {
        SQLiteErrorCode code = code(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (code == null) {
            return new SqliteFailure(Kind.OTHER, null, message);
        }
        Kind kind = switch (code.code & 0xff) { // the primary code of an extended one
            case 13 -> Kind.FULL;
            case 8 -> Kind.READ_ONLY;
            case 5, 6 -> Kind.LOCKED;
            case 10 -> Kind.IO;
            case 11, 26 -> Kind.DAMAGED;
            case 14 -> Kind.CANNOT_OPEN;
            default -> Kind.OTHER;
        };
        return new SqliteFailure(kind, code.name(), message);
    }

    /** {@link #of} in words, for a message: "disk full (SQLITE_FULL)". */
    static String describe(Throwable e) {
        return of(e).words(null);
    }

    /** As {@link #describe(Throwable)}, adding when {@code file} or its folder is not writable. */
    static String describe(Throwable e, Path file) {
        return of(e).words(file);
    }

    private String words(Path file) {
        String plain = switch (kind) {
            case FULL -> "disk full";
            case READ_ONLY -> "the database is read-only";
            case LOCKED -> "the database is locked by another connection";
            case IO -> "I/O error";
            case DAMAGED -> code.startsWith("SQLITE_NOTADB") ? "the file is not a database, or is damaged"
                    : "the database file is damaged";
            case CANNOT_OPEN -> "the database file cannot be opened";
            case OTHER -> null;
        };
        if (plain == null) {
            return message;
        }
        if ((kind == Kind.READ_ONLY || kind == Kind.CANNOT_OPEN || kind == Kind.IO) && file != null) {
            Path folder = file.toAbsolutePath().getParent();
            if (Files.exists(file) && !Files.isWritable(file)) {
                plain += ": " + file + " is not writable";
            } else if (folder != null && !Files.isWritable(folder)) {
                plain += ": its folder " + folder + " is not writable";
            }
        }
        return plain + " (" + code + ")";
    }

    /** The SQLite code on {@code e} or a cause: from sqlite-jdbc's exception, else from a "[SQLITE_...]" message. */
    private static SQLiteErrorCode code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s && s.getResultCode() != null
                    && s.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR) {
                return s.getResultCode();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = CODE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                try {
                    return SQLiteErrorCode.valueOf(m.group(1));
                } catch (IllegalArgumentException unknown) {
                    // not a code this driver knows: keep looking
                }
            }
        }
        return null;
    }
}
