package dev.streamcount.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps {@code local}'s data dir private to the user who runs it: the Kafka log holds the user's
 * text, the tables its words. The directory and every directory under it get mode 0700, every file
 * 0600, also when the directory already existed with wider modes. Files the services create later
 * inherit the process's umask (the launcher sets 077); whatever it is, nobody else can enter a 0700
 * directory to reach them.
 */
final class PrivateDir {
    private static final Set<PosixFilePermission> OWNER =
            EnumSet.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE);

    private PrivateDir() {}

    /**
     * Creates {@code dir} if missing, and takes every permission of group and others from it and
     * from everything under it (directories 0700, files 0600 or narrower). Symbolic links are left
     * as they are and not followed.
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
        boolean open =
                !OWNER.containsAll(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
        int[] narrowed = {0};
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(
                    p -> {
                        try {
                            BasicFileAttributes a =
                                    Files.readAttributes(
                                            p,
                                            BasicFileAttributes.class,
                                            LinkOption.NOFOLLOW_LINKS);
                            if (a.isSymbolicLink() || !(a.isDirectory() || a.isRegularFile())) {
                                return;
                            }
                            Set<PosixFilePermission> has =
                                    Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                            Set<PosixFilePermission> want =
                                    EnumSet.noneOf(PosixFilePermission.class);
                            for (PosixFilePermission bit : has) {
                                if (OWNER.contains(bit)) want.add(bit);
                            }
                            if (a.isDirectory()) want.addAll(OWNER); // its owner must enter it
                            if (!want.equals(has)) {
                                Files.setPosixFilePermissions(p, want);
                                narrowed[0]++;
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Narrowed(open, narrowed[0]);
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
