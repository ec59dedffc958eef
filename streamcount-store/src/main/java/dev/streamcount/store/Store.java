package dev.streamcount.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.Operation;
import dev.streamcount.store.durable.DurableStorage;
import dev.streamcount.store.ops.BatchOperations;
import dev.streamcount.store.ops.ItemOperations;
import dev.streamcount.store.ops.QueryScanOperations;
import dev.streamcount.store.ops.TableOperations;
import dev.streamcount.store.ops.TimeToLiveSweeper;
import dev.streamcount.store.ops.TransactionOperations;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.Storage;
import dev.streamcount.store.validation.OperationShapes;
import dev.streamcount.store.validation.RequestValidator;
import dev.streamcount.store.validation.Shape;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store without its HTTP face: the tables, the operations on them by {@code X-Amz-Target} name,
 * and the background time-to-live sweep.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    /** How often expired items are looked for; DynamoDB itself takes up to days. */
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(500);

    private final Catalog catalog;
    private final TimeToLiveSweeper sweeper;
    private final Map<String, Operation> operations;
    private ScheduledExecutorService sweeps;

    private Store(Storage storage, Clock clock) {
        this.catalog = new Catalog(storage);
        if (storage instanceof DurableStorage durable) {
            durable.restoreInto(catalog);
        }
        this.sweeper = new TimeToLiveSweeper(catalog, clock);
        TableOperations tables = new TableOperations(catalog, clock);
        ItemOperations items = new ItemOperations(catalog);
        BatchOperations batches = new BatchOperations(catalog);
        QueryScanOperations reads = new QueryScanOperations(catalog);
        TransactionOperations transactions = new TransactionOperations(catalog);
        Map<String, Operation> ops = new LinkedHashMap<>();
        ops.put("CreateTable", tables::createTable);
        ops.put("DescribeTable", tables::describeTable);
        ops.put("ListTables", tables::listTables);
        ops.put("DeleteTable", tables::deleteTable);
        ops.put("UpdateTimeToLive", tables::updateTimeToLive);
        ops.put("DescribeTimeToLive", tables::describeTimeToLive);
        ops.put("PutItem", items::putItem);
        ops.put("GetItem", items::getItem);
        ops.put("DeleteItem", items::deleteItem);
        ops.put("UpdateItem", items::updateItem);
        ops.put("BatchWriteItem", batches::batchWriteItem);
        ops.put("BatchGetItem", batches::batchGetItem);
        ops.put("Query", reads::query);
        ops.put("Scan", reads::scan);
        ops.put("TransactWriteItems", transactions::transactWriteItems);
        Map<String, Operation> validated = new LinkedHashMap<>();
        ops.forEach(
                (name, operation) ->
                        validated.put(name, durablyAnswered(validating(name, operation))));
        this.operations = Map.copyOf(validated);
    }

    /** {@code operation} behind DynamoDB's front-end checks of its request shape. */
    private static Operation validating(String name, Operation operation) {
        Shape.Struct shape = OperationShapes.shapeOf(name);
        if (shape == null) {
            throw new IllegalStateException("No request shape for " + name);
        }
        boolean tableOperation = OperationShapes.isTableOperation(name);
        return request ->
                operation.execute(RequestValidator.validate(request, shape, tableOperation));
    }

    /**
     * {@code operation}, answering only once its answer cannot be taken back by a crash: a write
     * once it is durable, a read once everything it may have seen is (see {@link
     * Catalog#awaitDurableAnswer}). In memory this costs nothing.
     */
    private Operation durablyAnswered(Operation operation) {
        return request -> {
            catalog.beginRequest();
            ObjectNode answer;
            try {
                answer = operation.execute(request);
            } catch (DynamoDbException e) {
                // An error (a failed condition, a missing item) is an answer about the data too.
                catalog.awaitDurableAnswer(false);
                throw e;
            }
            catalog.awaitDurableAnswer(true);
            return answer;
        };
    }

    /** A store keeping its tables in memory, expiring items by {@code clock}. */
    public static Store inMemory(Clock clock) {
        return new Store(Storage.IN_MEMORY, clock);
    }

    /**
     * A store keeping its tables in {@code dataDir} (created if missing), loading what is there.
     *
     * @throws dev.streamcount.store.durable.DataDirInUseException if another store serves it
     */
    public static Store durable(Path dataDir, Clock clock) {
        DurableStorage storage = DurableStorage.open(dataDir);
        try {
            return new Store(storage, clock);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** The operations by their {@code X-Amz-Target} name. */
    public Map<String, Operation> operations() {
        return operations;
    }

    /**
     * Deletes the items whose time to live has passed by the store's clock, now rather than at the
     * next background sweep; returns how many.
     */
    public int expireItems() {
        return sweeper.sweepOnce();
    }

    /** Starts the background time-to-live sweep. */
    synchronized void start() {
        if (sweeps != null) {
            return;
        }
        sweeps =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "store-ttl-sweep");
                            t.setDaemon(true);
                            return t;
                        });
        long millis = SWEEP_INTERVAL.toMillis();
        sweeps.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly() {
        try {
            sweeper.sweepOnce();
        } catch (RuntimeException e) {
            // A failed sweep must not end the schedule; the next one retries.
            LOG.warn("Time-to-live sweep failed", e);
        }
    }

    /** Stops the sweep and closes the storage. */
    @Override
    public synchronized void close() {
        if (sweeps != null) {
            sweeps.shutdownNow();
            sweeps = null;
        }
        catalog.close();
    }
}
