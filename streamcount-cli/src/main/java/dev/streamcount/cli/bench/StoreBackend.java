package dev.streamcount.cli.bench;

import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.store.StoreServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A DynamoDB-compatible server the store ceilings write to, started in this JVM on 127.0.0.1:
 * DynamoDB Local as {@link EmbeddedDynamoDb} starts it (in memory or on disk), or streamcount-store
 * (in memory, or durable on disk).
 */
enum StoreBackend {
    DYNAMODB_LOCAL("dynamodb-local", "DynamoDB Local, in memory"),
    DYNAMODB_LOCAL_DISK("dynamodb-local-disk", "DynamoDB Local, tables on disk"),
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
        switch (this) {
            case DYNAMODB_LOCAL:
                return dynamoDbLocal(EmbeddedDynamoDb.start(0, null));
            case DYNAMODB_LOCAL_DISK:
                return dynamoDbLocal(EmbeddedDynamoDb.start(0, dataDir));
            case STORE:
                return store(StoreServer.start(0));
            default:
                return store(StoreServer.start(0, dataDir));
        }
    }

    private static Running dynamoDbLocal(EmbeddedDynamoDb db) {
        return new Running() {
            @Override
            public URI endpoint() {
                return db.endpoint();
            }

            @Override
            public void close() throws Exception {
                db.close();
            }
        };
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
