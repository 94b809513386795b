package dogdorm.dealer.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data folder holds TURN and MQTT passwords and heartbeat tokens in plain text: the dealer makes its folder
 * (0700) and files (0600) private to its own user whatever the umask, and says at start which of them other users
 * can read. SQLite gives its -wal and -shm files the database file's permissions, so a private database keeps them
 * private too. On a file system without POSIX permissions nothing is set and nothing is said.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code dir} (and its missing parents) 0700 when it is missing. */
    static void createFolder(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir.getParent())) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
            Files.createDirectories(dir);
        }
    }

    /** Creates {@code file} empty and 0600 when it is missing; an existing one is left as it is. */
    static void createFile(Path file) throws IOException {
        try {
            if (posix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // made already: its permissions are the owner's choice, and checked by readableByOthers
        }
    }

    /** The attribute that makes a new file 0600 where the folder's file system has POSIX permissions. */
    static FileAttribute<?>[] fileAttributes(Path folder) {
        return posix(folder) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    /**
     * The folder and the files in it that users other than the owner can use, each with its permissions
     * ({@code /var/lib/dogdorm/dogdorm.db (rw-r--r--)}); empty when all are private.
     */
    static List<String> openToOthers(Path dir) throws IOException {
        List<String> open = new ArrayList<>();
        if (!posix(dir)) {
            return open;
        }
        check(dir, open);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (Files.isRegularFile(f)) {
                    check(f, open);
                }
            }
        }
        return open;
    }

    private static void check(Path p, List<String> open) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        if (perms.stream().anyMatch(OTHERS::contains)) {
            open.add(p + " (" + PosixFilePermissions.toString(perms) + ")");
        }
    }

    private static boolean posix(Path near) {
        Path p = near;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p != null && Files.getFileStore(p).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }
}
