package dev.streamcount.store.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.StorageFailedException;
import dev.streamcount.store.table.TableDefinition;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine: an append-only log of changes and a snapshot, two plain files whose every record
 * carries its length and a CRC32C, so what a crash leaves is found and cut off exactly.
 *
 * <pre>
 *   store.snapshot      every table, its time to live and items as of a checkpoint: generation G
 *   store-G.log         every change committed since that snapshot, in commit order
 * </pre>
 *
 * <p>A commit appends its changes to the log and forces the file ({@code fdatasync}), one sync for
 * the whole group. Opening reads the snapshot, replays the log up to its first incomplete or
 * damaged record (a write a crash interrupted, never acknowledged) and cuts the log there. After
 * {@link #CHECKPOINT_BYTES} of log (and at least as much as the snapshot holds, so checkpoints cost
 * in proportion to what was written), the state is written to a new snapshot beside the old one,
 * forced and renamed over it, and a new log generation begins: a crash at any point leaves either
 * the old snapshot and its log, or the new snapshot (whose log may not exist yet).
 *
 * <p>Why not a library: H2's MVStore, chosen first by measurement, lost acknowledged commits when
 * {@code local} was killed with SIGKILL (a trace of every commit against what the next open loaded
 * found 335 items back at older values after one kill, and {@code KillRestartITCase} failed in
 * three runs of four); SQLite in WAL mode was a sixth of this engine's speed (EngineChoice).
 *
 * <p>The state is also held here, as the JSON text of each item, to write snapshots from: about
 * twice the memory of the items themselves.
 */
final class LogFileEngine implements Engine {
    private static final Logger LOG = LoggerFactory.getLogger(LogFileEngine.class);

    static final String SNAPSHOT = "store.snapshot";
    private static final String SNAPSHOT_TEMP = "store.snapshot.tmp";
    private static final String LOG_PREFIX = "store-";
    private static final String LOG_SUFFIX = ".log";

    /** Log bytes after which a checkpoint writes a snapshot and starts a new log. */
    static final long CHECKPOINT_BYTES = 64L << 20;

    /** A record: length (4 bytes), CRC32C of the payload (4 bytes), the payload (UTF-8 JSON). */
    private static final int HEADER_BYTES = 8;

    /** Larger than any record written (a change holds at most a 16 MB request's items). */
    private static final int MAX_RECORD_BYTES = 256 << 20;

    private final Path dir;
    private final long checkpointBytes;

    /** Table id to definition JSON, in creation order. */
    private final Map<String, String> tables = new LinkedHashMap<>();

    /** Table id to time-to-live attribute. */
    private final Map<String, String> timeToLive = new HashMap<>();

    /** Table id to (engine key to item JSON). */
    private final Map<String, Map<String, String>> items = new HashMap<>();

    private long generation;
    private FileChannel log;
    private long logBytes;
    private long snapshotBytes;

    /** The engine in {@code dir}, checkpointing after {@link #CHECKPOINT_BYTES} of log. */
    LogFileEngine(Path dir) {
        this(dir, CHECKPOINT_BYTES);
    }

    /** The engine in {@code dir}, checkpointing after {@code checkpointBytes} of log. */
    LogFileEngine(Path dir, long checkpointBytes) {
        this.dir = dir;
        this.checkpointBytes = checkpointBytes;
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
            readSnapshot(snapshot);
            snapshotBytes = Files.size(snapshot);
        }
        Path current = logFile(dir, generation);
        long replayed = 0;
        if (Files.exists(current)) {
            replayed = replay(current);
        }
        log =
                FileChannel.open(
                        current,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.READ);
        logBytes = replayed;
        if (log.size() > replayed) {
            // The tail a crash interrupted: never acknowledged, so never to be replayed.
            LOG.info(
                    "Cutting {} bytes of an interrupted write off {}",
                    log.size() - replayed,
                    current);
            log.truncate(replayed);
        }
        log.position(replayed);
        log.force(true);
        forceDirectory();
        deleteOlderLogs();
    }

    private void readSnapshot(Path snapshot) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(snapshot)))) {
            JsonNode header = readRecord(in, snapshot);
            if (header == null || !header.has("generation")) {
                throw new IOException(snapshot + " has no header: it is not a store snapshot");
            }
            generation = header.get("generation").asLong();
            for (JsonNode change = readRecord(in, snapshot);
                    change != null;
                    change = readRecord(in, snapshot)) {
                apply(change);
            }
        }
    }

    /**
     * A record of a snapshot, or null at its end. A snapshot is renamed into place only once it is
     * complete and forced, so a damaged record in it is corruption, not a crash: refused.
     */
    private static JsonNode readRecord(DataInputStream in, Path file) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        int crc = in.readInt();
        if (length < 0 || length > MAX_RECORD_BYTES) {
            throw new IOException(file + " is damaged: a record of " + length + " bytes");
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length != length || crc(payload) != crc) {
            throw new IOException(file + " is damaged: a record fails its checksum");
        }
        return Codec.readTree(new String(payload, StandardCharsets.UTF_8));
    }

    /** Applies the log's complete records; returns the length of the log they take up. */
    private long replay(Path file) throws IOException {
        long good = 0;
        int records = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream in = new DataInputStream(raw)) {
            while (true) {
                byte[] header = in.readNBytes(HEADER_BYTES);
                if (header.length < HEADER_BYTES) {
                    break;
                }
                ByteBuffer h = ByteBuffer.wrap(header);
                int length = h.getInt();
                int crc = h.getInt();
                if (length <= 0 || length > MAX_RECORD_BYTES) {
                    break;
                }
                byte[] payload = in.readNBytes(length);
                if (payload.length < length || crc(payload) != crc) {
                    break;
                }
                apply(Codec.readTree(new String(payload, StandardCharsets.UTF_8)));
                good += HEADER_BYTES + length;
                records++;
            }
        }
        LOG.debug("Replayed {} records ({} bytes) of {}", records, good, file);
        return good;
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static void writeRecord(OutputStream out, byte[] payload) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(payload.length);
        data.writeInt(crc(payload));
        data.write(payload);
    }

    @Override
    public List<StoredTable> tables() {
        List<StoredTable> stored = new ArrayList<>();
        for (Map.Entry<String, String> e : tables.entrySet()) {
            TableDefinition definition = Codec.parseDefinition(e.getValue());
            Map<String, String> tableItems = items.getOrDefault(e.getKey(), Map.of());
            stored.add(
                    new StoredTable(
                            definition,
                            timeToLive.get(e.getKey()),
                            () -> tableItems.values().stream().map(Codec::parseItem).iterator()));
        }
        return stored;
    }

    @Override
    public void commit(List<Change> changes) {
        try {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream(4096);
            List<JsonNode> encoded = new ArrayList<>(changes.size());
            for (Change change : changes) {
                ObjectNode node = encode(change);
                encoded.add(node);
                writeRecord(buffer, node.toString().getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            while (bytes.hasRemaining()) {
                log.write(bytes);
            }
            log.force(false);
            logBytes += buffer.size();
            for (JsonNode node : encoded) {
                apply(node);
            }
            if (logBytes >= Math.max(checkpointBytes, snapshotBytes)) {
                checkpoint();
            }
        } catch (IOException e) {
            throw new StorageFailedException(
                    "Writing the store's log failed: " + e.getMessage(), e);
        }
    }

    /** Writes the state to a new snapshot and starts the next log generation. */
    private void checkpoint() throws IOException {
        long next = generation + 1;
        Path temp = dir.resolve(SNAPSHOT_TEMP);
        try (FileChannel channel =
                        FileChannel.open(
                                temp,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE);
                OutputStream out =
                        new BufferedOutputStream(
                                java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
            writeRecord(out, bytes(Codec.JSON.createObjectNode().put("generation", next)));
            for (Map.Entry<String, String> t : tables.entrySet()) {
                String id = t.getKey();
                writeRecord(
                        out,
                        bytes(
                                Codec.JSON
                                        .createObjectNode()
                                        .put("op", "create")
                                        .put("table", t.getValue())));
                if (timeToLive.containsKey(id)) {
                    writeRecord(
                            out,
                            bytes(
                                    Codec.JSON
                                            .createObjectNode()
                                            .put("op", "ttl")
                                            .put("id", id)
                                            .put("attr", timeToLive.get(id))));
                }
                ObjectNode chunk = null;
                for (Map.Entry<String, String> item : items.getOrDefault(id, Map.of()).entrySet()) {
                    if (chunk == null) {
                        chunk = Codec.JSON.createObjectNode().put("op", "items");
                        chunk.putArray("writes");
                    }
                    ((ArrayNode) chunk.get("writes"))
                            .addObject()
                            .put("id", id)
                            .put("key", item.getKey())
                            .put("item", item.getValue());
                    if (chunk.get("writes").size() == 1_000) {
                        writeRecord(out, bytes(chunk));
                        chunk = null;
                    }
                }
                if (chunk != null) {
                    writeRecord(out, bytes(chunk));
                }
            }
            out.flush();
            channel.force(true);
        }
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
        forceDirectory();
        old.close();
        deleteOlderLogs();
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
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

    private static ObjectNode encode(Change change) {
        ObjectNode node = Codec.JSON.createObjectNode();
        if (change instanceof Change.TableCreated c) {
            node.put("op", "create").put("table", Codec.definition(c.definition()));
        } else if (change instanceof Change.TableDeleted d) {
            node.put("op", "delete").put("id", d.definition().tableId());
        } else if (change instanceof Change.TimeToLiveChanged t) {
            node.put("op", "ttl").put("id", t.definition().tableId()).put("attr", t.attribute());
        } else if (change instanceof Change.ItemsWritten w) {
            ArrayNode writes = node.put("op", "items").putArray("writes");
            for (ItemWrite write : w.writes()) {
                ObjectNode one = writes.addObject();
                one.put("id", write.table().definition().tableId());
                one.put("key", Codec.key(write.key()));
                if (write.item() != null) {
                    one.put("item", Codec.item(write.item()));
                }
            }
        }
        return node;
    }

    private void apply(JsonNode change) {
        switch (change.get("op").asText()) {
            case "create" -> {
                String definition = change.get("table").asText();
                tables.put(Codec.parseDefinition(definition).tableId(), definition);
            }
            case "delete" -> {
                String id = change.get("id").asText();
                tables.remove(id);
                timeToLive.remove(id);
                items.remove(id);
            }
            case "ttl" -> {
                String id = change.get("id").asText();
                if (change.hasNonNull("attr")) {
                    timeToLive.put(id, change.get("attr").asText());
                } else {
                    timeToLive.remove(id);
                }
            }
            case "items" -> {
                for (JsonNode write : change.get("writes")) {
                    Map<String, String> tableItems =
                            items.computeIfAbsent(write.get("id").asText(), id -> new HashMap<>());
                    String key = write.get("key").asText();
                    if (write.hasNonNull("item")) {
                        tableItems.put(key, write.get("item").asText());
                    } else {
                        tableItems.remove(key);
                    }
                }
            }
            default -> throw new IllegalStateException("Unknown log entry in the store: " + change);
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
