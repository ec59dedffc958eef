package dev.streamcount.cli;

import dev.streamcount.job.error.StreamCountException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps {@code local}'s data dir private to the user who runs it: the Kafka log holds the user's
 * text, the tables its words. The directory and every directory streamcount keeps under it get mode
 * 0700, every such file 0600, also when they already existed with wider modes. Files the services
 * create later inherit the process's umask (the launcher sets 077); whatever it is, nobody else can
 * enter a 0700 directory to reach them.
 */
final class PrivateDir {
    private static final Set<PosixFilePermission> OWNER =
            EnumSet.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);

    /** What streamcount keeps in a data dir (Kafka's log, the tables, Flink's state, the lock). */
    private static final Set<String> OWN =
            Set.of("kafka", "dynamodb", "checkpoints", "savepoints", ".lock");

    private PrivateDir() {}

    /**
     * {@link #secure} for {@code local}'s data dir: one line on {@code err} when the directory was
     * open to others, one error naming the flag when it cannot be made private.
     */
    static void secureDataDir(Path dataDir, PrintWriter err) {
        Narrowed narrowed;
        try {
            narrowed = secure(dataDir);
        } catch (IOException e) {
            throw new StreamCountException(
                    "Data dir "
                            + dataDir.toAbsolutePath()
                            + " is not writable, or cannot be made private to this user ("
                            + e
                            + "); choose another with --data-dir");
        }
        if (narrowed.dirWasOpen()) {
            err.println(
                    "streamcount: data dir "
                            + dataDir.toAbsolutePath()
                            + " was open to other users: narrowed "
                            + narrowed.count()
                            + " files and directories to owner-only (0700/0600)");
        }
    }

    /**
     * Creates {@code dir} if missing (or the directory it links to), refuses one that belongs to
     * another user, and takes every permission of group and others from it and from everything
     * streamcount keeps under it (directories 0700, files 0600 or narrower). Symbolic links under
     * it are left as they are and not followed.
     *
     * @return what was narrowed (nothing on a file system without POSIX modes)
     */
    static Narrowed secure(Path dir) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return new Narrowed(false, 0);
        }
        // Created owner-only (the umask can only narrow it further), so a new one is not counted.
        Files.createDirectories(
                dir,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        // A data dir given as a link: the directory it leads to is the one to close.
        Path real = dir.toRealPath();
        String owner = Files.getOwner(real).getName();
        String me = System.getProperty("user.name");
        if (!owner.equals(me)) {
            throw new IOException(real + " belongs to " + owner + ", not to " + me);
        }
        boolean open = !OWNER.containsAll(Files.getPosixFilePermissions(real));
        int narrowed = narrow(real, true) ? 1 : 0;
        // Under it, only what streamcount keeps there: a data dir given as ".", or one holding
        // other files of the user's, keeps those as they are (none can be reached through the
        // 0700 directory anyway).
        try (Stream<Path> entries = Files.list(real)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (!OWN.contains(entry.getFileName().toString())) {
                    continue;
                }
                try (Stream<Path> all = Files.walk(entry)) {
                    for (Path p : (Iterable<Path>) all::iterator) {
                        try {
                            BasicFileAttributes a =
                                    Files.readAttributes(
                                            p,
                                            BasicFileAttributes.class,
                                            LinkOption.NOFOLLOW_LINKS);
                            if (a.isDirectory() || a.isRegularFile()) {
                                narrowed += narrow(p, a.isDirectory()) ? 1 : 0;
                            }
                        } catch (NoSuchFileException gone) {
                            // Deleted since it was listed (a checkpoint Flink retired, or the
                            // local that holds this dir's lock, which the next step reports).
                        }
                    }
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof NoSuchFileException)) {
                        throw e.getCause();
                    }
                }
            }
        }
        return new Narrowed(open, narrowed);
    }

    /**
     * Takes group's and others' permissions from {@code p} (a directory keeps its owner's rwx);
     * whether it changed. The mode is read and set on {@code p} itself, never through a link.
     */
    private static boolean narrow(Path p, boolean directory) throws IOException {
        PosixFileAttributeView view =
                Files.getFileAttributeView(
                        p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> has = view.readAttributes().permissions();
        Set<PosixFilePermission> want = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission bit : has) {
            if (OWNER.contains(bit)) want.add(bit);
        }
        if (directory) want.addAll(OWNER); // its owner must enter it
        if (want.equals(has)) {
            return false;
        }
        view.setPermissions(want);
        return true;
    }

    /**
     * What {@link #secure} changed.
     *
     * @param dirWasOpen whether the directory itself let others in: only then could anyone have
     *     reached what was under it, and only then is it worth saying (files a service created
     *     under a 0700 directory with a wider umask are narrowed silently)
     * @param count how many files and directories, the directory included, were narrowed
     */
    record Narrowed(boolean dirWasOpen, int count) {}
}
