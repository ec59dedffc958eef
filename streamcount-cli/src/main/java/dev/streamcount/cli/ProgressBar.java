package dev.streamcount.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on stderr while files are sent; silent when stderr is not a terminal. */
final class ProgressBar implements AutoCloseable {
    private final PrintWriter err;
    private final long totalBytes;
    private final AtomicLong bytes;
    private final RecordProducer producer;
    private final ScheduledExecutorService timer;

    private ProgressBar(
            PrintWriter err,
            long totalBytes,
            AtomicLong bytes,
            RecordProducer producer,
            boolean enabled) {
        this.err = err;
        this.totalBytes = Math.max(1, totalBytes);
        this.bytes = bytes;
        this.producer = producer;
        this.timer =
                enabled
                        ? Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    Thread t = new Thread(r, "progress");
                                    t.setDaemon(true);
                                    return t;
                                })
                        : null;
        if (timer != null) {
            timer.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
        }
    }

    static ProgressBar forTerminal(
            PrintWriter err, long totalBytes, AtomicLong bytes, RecordProducer producer) {
        return new ProgressBar(err, totalBytes, bytes, producer, System.console() != null);
    }

    private void draw() {
        int pct = (int) Math.min(100, bytes.get() * 100 / totalBytes);
        int width = 30;
        int filled = pct * width / 100;
        err.printf(
                "\r[%s%s] %3d%%  %,d sent  %,d acknowledged",
                "=".repeat(filled),
                " ".repeat(width - filled),
                pct,
                producer.sent(),
                producer.acked());
        err.flush();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            draw();
            err.println();
            err.flush();
        }
    }
}
