package dev.streamcount.cli.bench;

import dev.streamcount.cli.StatusMetrics;
import java.util.concurrent.TimeUnit;

/** Notes when the first record of a job is read, by watching the {@code recordsIn} metric. */
final class FirstRecordClock implements AutoCloseable {
    private final Thread thread;
    private volatile long first;

    private FirstRecordClock() {
        thread = new Thread(this::run, "bench-first-record");
        thread.setDaemon(true);
    }

    static FirstRecordClock start() {
        FirstRecordClock c = new FirstRecordClock();
        c.thread.start();
        return c;
    }

    private void run() {
        while (StatusMetrics.sum("recordsIn") == 0) {
            try {
                // The metric's poll interval: the start is known to within about 1 ms.
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
        first = System.nanoTime();
    }

    long firstRecordNanos() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(60));
        BenchContext.check(first != 0, "no record was read within 60s");
        return first;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
