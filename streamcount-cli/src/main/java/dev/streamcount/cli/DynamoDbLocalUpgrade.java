package dev.streamcount.cli;

import dev.streamcount.store.durable.DurableStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A data dir from a release that kept its tables in DynamoDB Local: {@code local} now keeps them in
 * streamcount-store, whose files start empty, so the totals come back by a recount of the topic,
 * which {@code local} keeps whole in Kafka.
 *
 * <p>Detected when DynamoDB Local's file is in the tables' directory and the store's is not: once
 * the store has its file the upgrade has begun, and the checkpoints taken since then are the
 * store's, so a start after an interrupted recount resumes from them.
 */
final class DynamoDbLocalUpgrade {
    /** The file DynamoDB Local keeps every table in when run with {@code -sharedDb}. */
    static final String DYNAMODB_LOCAL_FILE = "shared-local-instance.db";

    private DynamoDbLocalUpgrade() {}

    /**
     * The line {@code local} prints when {@code tablesDir} still holds DynamoDB Local's tables and
     * no store yet, else empty.
     */
    static Optional<String> detect(Path tablesDir, String topic) {
        Path old = tablesDir.resolve(DYNAMODB_LOCAL_FILE);
        if (!Files.isRegularFile(old) || DurableStorage.existsIn(tablesDir)) {
            return Optional.empty();
        }
        return Optional.of(
                "Upgrade: "
                        + old
                        + " holds DynamoDB Local's tables, which streamcount no longer runs; its"
                        + " own store starts empty beside it and the checkpoints go, so topic '"
                        + topic
                        + "' is recounted from its earliest offset (Kafka kept every record)."
                        + " The old file is left as it was: delete it once the totals are back.");
    }
}
