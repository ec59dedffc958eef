package dev.streamcount.store.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.table.StorageFailedException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: an append-only log of changes and a snapshot, two plain files of {@link LogRecords},
 * so what a crash leaves is found and cut off exactly.
 *
 * <pre>
 *   store.snapshot      every table, its time to live and items as of a checkpoint: generation G
 *   store-G.log         every change committed since that snapshot, in commit order
 * </pre>
 *
 * <p>A commit appends its changes to the log and forces the file ({@code fdatasync}): one sync for
 * the whole group. Opening reads the snapshot, replays the log up to its first incomplete or
 * damaged record (a write a crash interrupted, never acknowledged) and cuts the log there. After
 * {@link #CHECKPOINT_BYTES} of log (and at least the snapshot's size, so checkpoints cost in
 * proportion to what was written) the state is written to a new snapshot beside the old one, forced
 * and renamed over it, and the next log generation begins: a crash at any point leaves either the
 * old snapshot and its log, or the new snapshot, whose log may not exist yet.
 *
 * <p>Why not a library: H2's MVStore, chosen first by measurement, lost acknowledged commits when
 * {@code local} was killed with SIGKILL (a trace of every commit against what the next open loaded
 * found 335 items back at older values after one kill; {@code KillRestartITCase} failed in three
 * runs of four); SQLite in WAL mode ran at a sixth of this engine's speed ({@code EngineChoice}).
 *
 * <p>The state is held in memory as the JSON text of each item ({@link EngineState}), to write
 * snapshots from: about twice the memory of the tables alone.
 */
final class LogFileEngine implements Engine {
    private static final Logger LOG = LoggerFactory.getLogger(LogFileEngine.class);

    static final String SNAPSHOT = "store.snapshot";
    private static final String SNAPSHOT_TEMP = "store.snapshot.tmp";
    private static final String LOG_PREFIX = "store-";
    private static final String LOG_SUFFIX = ".log";

    /** Log bytes after which a checkpoint writes a snapshot and starts a new log. */
    static final long CHECKPOINT_BYTES = 64L << 20;

    private final Path dir;
    private final long checkpointBytes;
    private final EngineState state = new EngineState();

    private long generation;
    private FileChannel log;
    private long logBytes;
    private long snapshotBytes;

    /** Log bytes at which the next snapshot is due. */
    private long nextCheckpointAt;

    /** The engine in {@code dir}, checkpointing after {@link #CHECKPOINT_BYTES} of log. */
    LogFileEngine(Path dir) {
        this(dir, CHECKPOINT_BYTES);
    }

    /** The engine in {@code dir}, checkpointing after {@code checkpointBytes} of log. */
    LogFileEngine(Path dir, long checkpointBytes) {
        this.dir = dir;
        this.checkpointBytes = checkpointBytes;
        this.nextCheckpointAt = checkpointBytes;
        try {
            open();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot open the store in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds this engine's files. */
    static boolean existsIn(Path dir) {
        return Files.exists(dir.resolve(SNAPSHOT)) || Files.exists(logFile(dir, 0));
    }

    private static Path logFile(Path dir, long generation) {
        return dir.resolve(LOG_PREFIX + generation + LOG_SUFFIX);
    }

    private void open() throws IOException {
        Files.deleteIfExists(dir.resolve(SNAPSHOT_TEMP));
        Path snapshot = dir.resolve(SNAPSHOT);
        if (Files.exists(snapshot)) {
            // Renamed into place only once complete and forced: a damaged record is corruption.
            LogRecords.readAll(snapshot, this::applySnapshotRecord);
            snapshotBytes = Files.size(snapshot);
        }
        Path current = logFile(dir, generation);
        long whole = Files.exists(current) ? LogRecords.readWhole(current, state::apply) : 0;
        log =
                FileChannel.open(
                        current,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
        if (log.size() > whole) {
            // The tail a crash interrupted: never acknowledged, so never to be replayed.
            LOG.info(
                    "Cutting {} bytes of an interrupted write off {}", log.size() - whole, current);
            log.truncate(whole);
        }
        log.position(whole);
        logBytes = whole;
        log.force(true);
        forceDirectory();
        deleteOlderLogs();
    }

    /** The snapshot's first record is its generation; the rest rebuild the state. */
    private void applySnapshotRecord(JsonNode record) {
        if (record.has("generation")) {
            generation = record.get("generation").asLong();
        } else {
            state.apply(record);
        }
    }

    @Override
    public List<StoredTable> tables() {
        return state.tables();
    }

    @Override
    public void commit(List<Change> changes) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
            List<JsonNode> records = new ArrayList<>(changes.size());
            for (Change change : changes) {
                ObjectNode record = EngineState.encode(change);
                records.add(record);
                LogRecords.write(buffer, record);
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            while (bytes.hasRemaining()) {
                log.write(bytes);
            }
            log.force(false);
            logBytes += buffer.size();
            records.forEach(state::apply);
        } catch (IOException e) {
            throw new StorageFailedException(
                    "Writing the store's log failed: " + e.getMessage(), e);
        }
        if (logBytes >= Math.max(nextCheckpointAt, snapshotBytes)) {
            checkpoint();
        }
    }

    /**
     * Writes the state to a new snapshot and starts the next log generation. The commit that got
     * here is durable whatever happens: a snapshot that cannot be written (a full disk) is given up
     * and tried again after another {@code checkpointBytes} of log, the log going on meanwhile;
     * only a failure after the snapshot took the old one's place stops the store.
     */
    private void checkpoint() {
        long next = generation + 1;
        Path temp = dir.resolve(SNAPSHOT_TEMP);
        try {
            writeSnapshot(temp, next);
        } catch (IOException e) {
            LOG.warn(
                    "Could not write a snapshot of the store ({}); its log goes on, and the"
                            + " snapshot is tried again after another {} bytes of it",
                    e.getMessage(),
                    checkpointBytes);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Deleted at the next open.
            }
            nextCheckpointAt = logBytes + checkpointBytes;
            return;
        }
        try {
            startGeneration(temp, next);
        } catch (IOException e) {
            throw new StorageFailedException(
                    "Starting the store's next log failed: " + e.getMessage(), e);
        }
    }

    private void writeSnapshot(Path temp, long next) throws IOException {
        try (FileChannel channel =
                        FileChannel.open(
                                temp,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE);
                OutputStream out =
                        new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
            LogRecords.write(out, Codec.JSON.createObjectNode().put("generation", next));
            state.writeSnapshot(out);
            out.flush();
            channel.force(true);
        }
    }

    /** Puts the written snapshot in place, then starts its log and deletes the old one. */
    private void startGeneration(Path temp, long next) throws IOException {
        Path snapshot = dir.resolve(SNAPSHOT);
        Files.move(temp, snapshot, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        snapshotBytes = Files.size(snapshot);
        FileChannel old = log;
        generation = next;
        log =
                FileChannel.open(
                        logFile(dir, generation),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
        logBytes = 0;
        nextCheckpointAt = checkpointBytes;
        forceDirectory();
        old.close();
        deleteOlderLogs();
    }

    /** Makes renames and new files in the directory durable. */
    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private void deleteOlderLogs() throws IOException {
        try (DirectoryStream<Path> files =
                Files.newDirectoryStream(dir, LOG_PREFIX + "*" + LOG_SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String number =
                        name.substring(LOG_PREFIX.length(), name.length() - LOG_SUFFIX.length());
                try {
                    if (Long.parseLong(number) < generation) {
                        Files.delete(f);
                    }
                } catch (NumberFormatException e) {
                    // Not one of ours.
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            log.force(true);
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Closing the store's log failed: " + e.getMessage(), e);
        }
    }
}
