package dev.streamcount.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this JVM's heap in use and resident set size every 50 ms and keeps the peaks, for one
 * benchmark phase. RSS comes from {@code /proc/self/status} (Linux); elsewhere it reads as -1.
 */
final class ResourceSampler implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    ResourceSampler() {
        sample();
        thread = new Thread(this::run, "bench-resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            sample();
            try {
                Thread.sleep(50); // the sampling period
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        peakRss.accumulateAndGet(rssBytes(), Math::max);
    }

    /** The resident set size of this process, or -1 where {@code /proc} is not available. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return -1;
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    long peakRssBytes() {
        return peakRss.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        sample();
    }
}
