package dev.streamcount.store.durable;

import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.Storage;
import dev.streamcount.store.table.StorageFailedException;
import dev.streamcount.store.table.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: requests append changes to an in-memory, ordered log (cheap, under their table
 * locks), and one writer thread drains everything appended since its last commit into the {@link
 * Engine} as one commit with one sync. While it syncs, new appends gather for the next commit, so
 * the more requests wait, the more share a sync.
 *
 * <p>{@code durableLsn} only moves forward after the engine's commit returned, and waiters are
 * woken only then: an acknowledged write is on disk.
 */
final class GroupCommitLog implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLog.class);

    private final Engine engine;
    private final Thread writer;

    /**
     * Guards {@link #pending}, {@link #appendedLsn} and {@link #closing}; the writer waits on it.
     */
    private final Object appendLock = new Object();

    private List<Change> pending = new ArrayList<>();
    private volatile long appendedLsn;
    private boolean closing;

    /** Guards nothing but the waiting of requests for {@link #durableLsn}. */
    private final Object durableLock = new Object();

    private volatile long durableLsn;
    private volatile Throwable failure;

    GroupCommitLog(Engine engine) {
        this.engine = engine;
        this.writer = new Thread(this::writeLoop, "store-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public long tableCreated(TableDefinition definition) {
        return append(new Change.TableCreated(definition));
    }

    @Override
    public long tableDeleted(TableDefinition definition) {
        return append(new Change.TableDeleted(definition));
    }

    @Override
    public long timeToLiveChanged(TableDefinition table, String attributeName) {
        return append(new Change.TimeToLiveChanged(table, attributeName));
    }

    @Override
    public long itemsWritten(List<ItemWrite> writes) {
        return append(new Change.ItemsWritten(List.copyOf(writes)));
    }

    private long append(Change change) {
        synchronized (appendLock) {
            failIfBroken();
            if (closing) {
                throw new StorageFailedException("The store is closing", null);
            }
            pending.add(change);
            long lsn = ++appendedLsn;
            if (pending.size() == 1) {
                // The writer sleeps only when nothing is pending.
                appendLock.notify();
            }
            return lsn;
        }
    }

    @Override
    public long appendedLsn() {
        return appendedLsn;
    }

    @Override
    public void awaitDurable(long lsn) {
        if (durableLsn >= lsn) {
            return;
        }
        boolean interrupted = false;
        synchronized (durableLock) {
            while (durableLsn < lsn) {
                failIfBroken();
                try {
                    durableLock.wait();
                } catch (InterruptedException e) {
                    // The answer must not go out before the write is durable: keep waiting.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void failIfBroken() {
        Throwable f = failure;
        if (f != null) {
            throw new StorageFailedException(
                    "The store's files can no longer be written: " + f.getMessage(), f);
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                List<Change> batch;
                long upTo;
                synchronized (appendLock) {
                    while (pending.isEmpty() && !closing) {
                        appendLock.wait();
                    }
                    if (pending.isEmpty()) {
                        return;
                    }
                    batch = pending;
                    pending = new ArrayList<>(batch.size());
                    upTo = appendedLsn;
                }
                engine.commit(batch);
                synchronized (durableLock) {
                    durableLsn = upTo;
                    durableLock.notifyAll();
                }
            }
        } catch (Throwable t) {
            LOG.error("The store's log writer failed; no write will be acknowledged any more", t);
            failure = t;
            synchronized (durableLock) {
                durableLock.notifyAll();
            }
        }
    }

    /** Commits everything appended, stops the writer and closes the engine. */
    @Override
    public void close() {
        synchronized (appendLock) {
            if (closing) {
                return;
            }
            closing = true;
            appendLock.notify();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                // Closing the engine under a running writer would lose its batch: wait it out.
                interrupted = true;
            }
        }
        engine.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
