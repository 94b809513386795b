package dogdorm.dealer.store.sqlite;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dogdorm.dealer.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder one dealer owns: an exclusive OS lock on {@code dogdorm.lock} in it, held until {@link #close()}.
 * The kernel drops the lock when the process dies, so a dealer killed with SIGKILL leaves nothing stale behind. The
 * file holds the holder's PID so that a second dealer can say who has the folder. It is never deleted: a dealer
 * that deleted it could let the next one lock a new file while a third still holds the old one.
 */
public final class DataFolder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataFolder.class);
    static final String LOCK_FILE = "dogdorm.lock";
    private static final int ATTEMPTS = 3;

    /**
     * The lock files this process holds, by file key. The lock is POSIX's, one per process: a second attempt here
     * must not even open the file, since closing any descriptor of a locked file drops the process's lock on it.
     */
    private static final Set<Object> HELD = new HashSet<>();

    private final Path dir;
    private final Object key;
    private final FileChannel channel;
    private boolean closed;

    private DataFolder(Path dir, Object key, FileChannel channel) {
        this.dir = dir;
        this.key = key;
        this.channel = channel;
    }

    /**
     * Creates {@code dir} if needed and locks it for this process, or says who holds it: "data folder /x is in use
     * by another dealer (pid 123): only one dealer may use a data folder".
     */
    public static DataFolder lock(Path dir) throws StoreException {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            PrivateFiles.createFolder(folder);
        } catch (IOException e) {
            throw new StoreException("cannot create data folder " + folder + ": " + e.getMessage(), e);
        }
        Path file = folder.resolve(LOCK_FILE);
        synchronized (HELD) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Object before = key(file);
                if (before != null && HELD.contains(before)) {
                    throw inUse(folder, ProcessHandle.current().pid());
                }
                DataFolder locked = tryLock(folder, file);
                if (locked != null) {
                    HELD.add(locked.key);
                    log.debug("data folder {} locked", folder);
                    warnIfOpenToOthers(folder);
                    return locked;
                }
            }
        }
        throw new StoreException("cannot lock data folder " + folder + ": its " + LOCK_FILE
                + " was replaced while it was being locked, " + ATTEMPTS + " times", null);
    }

    /** Locks {@code file}; null when the path no longer names the locked file (deleted or replaced meanwhile). */
    private static DataFolder tryLock(Path folder, Path file) throws StoreException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, Set.of(CREATE, READ, WRITE), PrivateFiles.fileAttributes(folder));
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + " to lock data folder " + folder + ": " + e.getMessage(),
                    e);
        }
        try {
            Object opened = key(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // held in this process, not through DataFolder: closing this channel would drop that lock, so it
                // is left open
                throw inUse(folder, ProcessHandle.current().pid());
            }
            if (lock == null) {
                Long pid = holder(channel);
                channel.close();
                throw inUse(folder, pid);
            }
            if (opened == null || !opened.equals(key(file))) {
                channel.close(); // releases the lock on the file that is no longer there
                return null;
            }
            writeHolder(channel);
            return new DataFolder(folder, opened, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock data folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Says which of the folder and its files other users can read: they hold passwords and tokens. */
    private static void warnIfOpenToOthers(Path folder) {
        try {
            List<String> open = PrivateFiles.openToOthers(folder);
            if (!open.isEmpty()) {
                log.warn("the data folder holds TURN and MQTT passwords and heartbeat tokens, and other users can "
                        + "use {}: make them private to the dealer's user (chmod 700 {} and chmod 600 on its files)",
                        String.join(", ", open), folder);
            }
        } catch (IOException e) {
            log.debug("could not check the permissions in {}: {}", folder, e.getMessage());
        }
    }

    static StoreException inUse(Path folder, Long pid) {
        return new StoreException("data folder " + folder + " is in use by another dealer"
                + (pid == null ? "" : " (pid " + pid + ")") + ": only one dealer may use a data folder", null);
    }

    /** The file's identity (device and inode on Linux), or its real path where there is none; null if absent. */
    private static Object key(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.fileKey() != null ? a.fileKey() : file.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /** The PID the holder wrote on the lock file's first line, read through our own (unlocked) channel. */
    private static Long holder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        String first = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).split("\n", 2)[0];
        return first.strip().matches("\\d{1,19}") ? Long.valueOf(first.strip()) : null;
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String text = ProcessHandle.current().pid() + "\n"
                + "The Dogdorm dealer with the PID above holds this data folder: an OS lock on this file, dropped\n"
                + "when that process ends. A copy of this file left after a crash is harmless. Do not delete it\n"
                + "while a dealer runs: a second dealer could then lock a new file and use the same database.\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is all that was left to do
        }
    }

    /** The folder, absolute. */
    public Path path() {
        return dir;
    }

    /** Empties the lock file (its PID is no longer true) and releases the lock. */
    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.truncate(0);
            } catch (IOException e) {
                log.debug("could not empty {}: {}", dir.resolve(LOCK_FILE), e.getMessage());
            }
            closeQuietly(channel);
            HELD.remove(key);
            log.debug("data folder {} released", dir);
        }
    }

    @Override
    public String toString() {
        return "data folder " + dir + (closed ? " (released)" : "");
    }
}
