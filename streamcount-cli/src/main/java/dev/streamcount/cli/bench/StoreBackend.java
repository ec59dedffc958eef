package dev.streamcount.cli.bench;

import dev.streamcount.store.StoreServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The DynamoDB-compatible store the store ceilings write to, started in this JVM on 127.0.0.1: in
 * memory, or durable on disk.
 */
enum StoreBackend {
    STORE("store", "streamcount-store, in memory"),
    STORE_DISK("store-disk", "streamcount-store, durable on disk");

    /** A started backend: where to send requests, and how to stop it. */
    interface Running extends AutoCloseable {
        URI endpoint();

        @Override
        void close() throws Exception;
    }

    final String id;
    final String description;

    StoreBackend(String id, String description) {
        this.id = id;
        this.description = description;
    }

    static Optional<StoreBackend> named(String id) {
        for (StoreBackend b : values()) {
            if (b.id.equals(id)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    static List<String> ids() {
        return List.of(values()).stream().map(b -> b.id).toList();
    }

    /**
     * Starts the backend on a free port.
     *
     * @param dataDir an empty directory for the backends that keep their tables on disk
     */
    Running start(Path dataDir) throws Exception {
        return store(this == STORE ? StoreServer.start(0) : StoreServer.start(0, dataDir));
    }

    private static Running store(StoreServer store) {
        return new Running() {
            @Override
            public URI endpoint() {
                return store.endpoint();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
