package dev.streamcount.store.durable;

import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.Storage;
import dev.streamcount.store.table.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The store's files in a data directory: the directory lock, the engine's file, and the
 * group-commit log in front of it. {@link #open} locks and opens; {@link #restoreInto} loads every
 * table into memory; {@link #close} commits what is pending, closes the engine and releases the
 * lock.
 */
public final class DurableStorage implements Storage {
    private final DataDirLock lock;
    private final Engine engine;
    private final GroupCommitLog log;

    private DurableStorage(DataDirLock lock, Engine engine) {
        this.lock = lock;
        this.engine = engine;
        this.log = new GroupCommitLog(engine);
    }

    /** Whether {@code dataDir} holds a store's files (one opened there before). */
    public static boolean existsIn(Path dataDir) {
        return LogFileEngine.existsIn(dataDir);
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @throws DataDirInUseException if another store serves the directory
     */
    public static DurableStorage open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        DataDirLock lock = DataDirLock.acquire(dataDir);
        try {
            return new DurableStorage(lock, new LogFileEngine(dataDir));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Loads every stored table into {@code catalog}; call once, before serving. */
    public void restoreInto(Catalog catalog) {
        for (Engine.StoredTable t : engine.tables()) {
            catalog.restore(t.definition(), t.timeToLiveAttribute(), t.items());
        }
    }

    @Override
    public long tableCreated(TableDefinition definition) {
        return log.tableCreated(definition);
    }

    @Override
    public long tableDeleted(TableDefinition definition) {
        return log.tableDeleted(definition);
    }

    @Override
    public long timeToLiveChanged(TableDefinition table, String attributeName) {
        return log.timeToLiveChanged(table, attributeName);
    }

    @Override
    public long itemsWritten(List<ItemWrite> writes) {
        return log.itemsWritten(writes);
    }

    @Override
    public long appendedLsn() {
        return log.appendedLsn();
    }

    @Override
    public void awaitDurable(long lsn) {
        log.awaitDurable(lsn);
    }

    @Override
    public void close() {
        try {
            log.close();
        } finally {
            lock.close();
        }
    }
}
