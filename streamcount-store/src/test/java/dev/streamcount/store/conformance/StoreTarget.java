package dev.streamcount.store.conformance;

import dev.streamcount.store.StoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The store under test on a free loopback port: durable, in a fresh data directory under {@code
 * target/conformance}, as {@code streamcount local} runs it (so every answer also goes through the
 * group-commit waits), or in memory with {@code -Dconformance.store=in-memory}.
 */
final class StoreTarget implements ConformanceTarget {

    private final StoreServer server;

    private StoreTarget(StoreServer server) {
        this.server = server;
    }

    static StoreTarget start() {
        if ("in-memory".equals(System.getProperty("conformance.store"))) {
            return new StoreTarget(StoreServer.start(0));
        }
        Path dataDir = Path.of("target", "conformance", "store-data");
        try {
            deleteRecursively(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + dataDir, e);
        }
        return new StoreTarget(StoreServer.start(0, dataDir));
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

    @Override
    public String name() {
        return "store";
    }

    @Override
    public URI endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() {
        server.close();
    }
}
