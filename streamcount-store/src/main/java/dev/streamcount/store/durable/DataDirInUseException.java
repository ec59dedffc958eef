package dev.streamcount.store.durable;

import java.nio.file.Path;

/** Another store already serves this data directory; the message is one line for the CLI. */
public final class DataDirInUseException extends RuntimeException {
    /** The directory {@code dataDir} is locked by another store. */
    public DataDirInUseException(Path dataDir) {
        super(
                "The data directory "
                        + dataDir.toAbsolutePath()
                        + " is in use by another streamcount-store (lock: "
                        + DataDirLock.FILE
                        + ")");
    }
}
