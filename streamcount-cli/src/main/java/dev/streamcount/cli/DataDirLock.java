package dev.streamcount.cli;

import dev.streamcount.job.error.StreamCountException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code local} per data dir: an operating-system lock on {@code DATA/.lock}, which holds the
 * owner's pid for the message a second one prints. The system releases the lock when the owner's
 * process ends however it ends (kill -9 included), so a lock is never stale.
 */
final class DataDirLock implements AutoCloseable {
    private static final String FILE = ".lock";

    private final FileChannel channel;

    private DataDirLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Takes the lock, held until {@link #close()} or the end of this process.
     *
     * @throws StreamCountException naming the owner if another process holds it
     */
    static DataDirLock acquire(Path dataDir) throws IOException {
        checkWritable(dataDir);
        Path file = dataDir.resolve(FILE);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        }
        if (lock == null) {
            channel.close();
            String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
            throw new StreamCountException(
                    "Data dir "
                            + dataDir.toAbsolutePath()
                            + " is in use by another streamcount local"
                            + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                            + ": stop it first, or give this one another --data-dir");
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(
                        Long.toString(ProcessHandle.current().pid())
                                .getBytes(StandardCharsets.UTF_8)));
        channel.force(false);
        return new DataDirLock(channel);
    }

    /** Creates {@code dir} if needed and checks that files can be written in it. */
    private static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StreamCountException(
                    "Data dir "
                            + dir.toAbsolutePath()
                            + " is not writable ("
                            + e
                            + "); choose another with --data-dir");
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
