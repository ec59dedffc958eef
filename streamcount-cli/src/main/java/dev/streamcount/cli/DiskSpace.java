package dev.streamcount.cli;

import dev.streamcount.job.error.StreamCountException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.flink.configuration.MemorySize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The free space of {@code local}'s data dir, where Kafka's log, the store's tables and the
 * checkpoints all grow. {@code local} refuses to start with less than the minimum, and stops with a
 * savepoint when a running job brings it under a quarter of it: before the disk is full, while the
 * savepoint and a clean shutdown still fit.
 */
final class DiskSpace implements AutoCloseable {

    private final long stopBelow;
    private final ScheduledExecutorService watcher =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "streamcount-disk-watch");
                        t.setDaemon(true);
                        return t;
                    });

    private DiskSpace(long stopBelow) {
        this.stopBelow = stopBelow;
    }

    /** Bytes a process may still write to the file system of {@code dir}. */
    static long free(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new StreamCountException("Cannot read the free space of " + dir + ": " + e, e);
        }
    }

    /**
     * @throws StreamCountException naming the dir, its free space and what to do, below {@code min}
     */
    static void checkAtStart(Path dir, long min) {
        long free = free(dir);
        if (free < min) {
            throw new StreamCountException(
                    "Only "
                            + format(free)
                            + " free for the data dir "
                            + dir.toAbsolutePath()
                            + " (local needs "
                            + format(min)
                            + "): free some space, choose another --data-dir, or lower"
                            + " --min-free-space");
        }
    }

    /**
     * Calls {@code low} once, with the free bytes, when they fall under a quarter of {@code min};
     * checks every 100 ms (a statvfs call), since a producer can write tens of MB a second.
     */
    static DiskSpace watch(Path dir, long min, LongConsumer low) {
        DiskSpace d = new DiskSpace(min / 4);
        d.watcher.scheduleWithFixedDelay(
                () -> {
                    long free = free(dir);
                    if (free < d.stopBelow) {
                        d.watcher.shutdown();
                        low.accept(free);
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
        return d;
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }

    static String format(long bytes) {
        return bytes >= 1 << 30
                ? String.format("%.1f GB", bytes / (double) (1 << 30))
                : (bytes >> 20) + " MB";
    }

    /** {@code --min-free-space}: a size as Flink writes them, {@code 256mb}, {@code 1gb}. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return MemorySize.parse(value).getBytes();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a size (examples: 256mb, 1gb)");
            }
        }
    }
}
