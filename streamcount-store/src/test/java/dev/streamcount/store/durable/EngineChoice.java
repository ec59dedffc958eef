package dev.streamcount.store.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The measurement behind the choice of the log writer's engine: durable items per second when a
 * batch of N ~100-byte item writes is stored and synced as one commit (fsync included), for H2's
 * MVStore (random keys straight into a map, and a log map under increasing keys), SQLite (xerial,
 * WAL, {@code synchronous=FULL}) and a plain append-only file.
 *
 * <p>Run: {@code java -cp <test classpath> dev.streamcount.store.durable.EngineChoice [dir]
 * [seconds-per-cell]}. Not a test: its numbers depend on the machine's disk.
 */
public final class EngineChoice {
    private static final int[] BATCHES = {1, 16, 64, 256};
    private static final int KEYS = 100_000;

    /** One engine as the log writer's sink: store a batch, make it durable. */
    private interface Sink extends AutoCloseable {
        void writeBatch(String[] keys, String[] values) throws Exception;

        @Override
        void close() throws Exception;
    }

    private EngineChoice() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/engine-choice");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Map<String, SinkFactory> engines = new java.util.LinkedHashMap<>();
        engines.put("H2 MVStore", EngineChoice::mvStore);
        engines.put("MVStore log map", EngineChoice::mvStoreLog);
        engines.put("SQLite WAL FULL", EngineChoice::sqlite);
        engines.put("append-only file", EngineChoice::appendLog);
        System.out.printf(
                Locale.ROOT, "%-18s %10s %14s %12s%n", "engine", "batch", "items/s", "ms/commit");
        for (Map.Entry<String, SinkFactory> e : engines.entrySet()) {
            for (int batch : BATCHES) {
                Path at = dir.resolve(e.getKey().replace(' ', '-') + "-" + batch);
                deleteRecursively(at);
                Files.createDirectories(at);
                try (Sink sink = e.getValue().open(at)) {
                    run(sink, batch, 0.5); // warm-up
                    double[] r = run(sink, batch, seconds);
                    System.out.printf(
                            Locale.ROOT,
                            "%-18s %10d %14.0f %12.2f%n",
                            e.getKey(),
                            batch,
                            r[0],
                            r[1]);
                }
                deleteRecursively(at);
            }
        }
    }

    /** Opens a sink in a directory. */
    private interface SinkFactory {
        Sink open(Path dir) throws Exception;
    }

    private static double[] run(Sink sink, int batch, double seconds) throws Exception {
        String[] keys = new String[batch];
        String[] values = new String[batch];
        long items = 0;
        long commits = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            for (int i = 0; i < batch; i++) {
                int k = ThreadLocalRandom.current().nextInt(KEYS);
                keys[i] = "Sword-" + k;
                values[i] =
                        "{\"word\":{\"S\":\"word-"
                                + k
                                + "\"},\"count\":{\"N\":\""
                                + ThreadLocalRandom.current().nextLong(1_000_000_000L)
                                + "\"},\"fence\":{\"N\":\"12345\"}}";
            }
            sink.writeBatch(keys, values);
            items += batch;
            commits++;
            now = System.nanoTime();
        } while (now < end);
        double elapsed = (now - start) / 1e9;
        return new double[] {items / elapsed, elapsed * 1000 / commits};
    }

    private static Sink mvStore(Path dir) {
        MVStore store =
                new MVStore.Builder()
                        .fileName(dir.resolve("store.mv").toString())
                        .autoCommitDisabled()
                        .open();
        MVMap<String, String> map = store.openMap("items");
        return new Sink() {
            @Override
            public void writeBatch(String[] keys, String[] values) {
                for (int i = 0; i < keys.length; i++) {
                    map.put(keys[i], values[i]);
                }
                store.commit();
                store.sync();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    /**
     * MVStore used as a log: each batch appended under increasing keys (one page touched per
     * commit), as the first engine (MVStore, since replaced by LogFileEngine) did.
     */
    private static Sink mvStoreLog(Path dir) {
        MVStore store =
                new MVStore.Builder()
                        .fileName(dir.resolve("store.mv").toString())
                        .autoCommitDisabled()
                        .open();
        MVMap<Long, String> log = store.openMap("log");
        long[] next = {0};
        return new Sink() {
            @Override
            public void writeBatch(String[] keys, String[] values) {
                for (int i = 0; i < keys.length; i++) {
                    log.put(next[0]++, keys[i] + "\t" + values[i]);
                }
                store.commit();
                store.sync();
                if (log.sizeAsLong() >= 20_000) {
                    // Checkpointing is not measured here: only what a request waits for.
                    log.clear();
                    store.commit();
                }
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private static Sink sqlite(Path dir) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE items (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID");
        }
        c.setAutoCommit(false);
        PreparedStatement put =
                c.prepareStatement("INSERT OR REPLACE INTO items (k, v) VALUES (?, ?)");
        return new Sink() {
            @Override
            public void writeBatch(String[] keys, String[] values) throws SQLException {
                for (int i = 0; i < keys.length; i++) {
                    put.setString(1, keys[i]);
                    put.setString(2, values[i]);
                    put.executeUpdate();
                }
                c.commit();
            }

            @Override
            public void close() throws SQLException {
                put.close();
                c.close();
            }
        };
    }

    private static Sink appendLog(Path dir) throws IOException {
        FileChannel log =
                FileChannel.open(
                        dir.resolve("store.log"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
        return new Sink() {
            @Override
            public void writeBatch(String[] keys, String[] values) throws IOException {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < keys.length; i++) {
                    b.append(keys[i]).append('\t').append(values[i]).append('\n');
                }
                ByteBuffer buf = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    log.write(buf);
                }
                log.force(false);
            }

            @Override
            public void close() throws IOException {
                log.close();
            }
        };
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
