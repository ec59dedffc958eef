package dev.streamcount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcount.store.durable.DataDirInUseException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A durable store stopped and started again on the same data directory finds exactly what was
 * acknowledged before: tables, items, time-to-live settings, deletions, transactions.
 */
class DurableRecoveryTest {
    @TempDir Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** Runs {@code session} against a durable store on {@link #dataDir}, then stops the store. */
    private void session(Consumer<DynamoDbClient> session) {
        try (StoreServer store = StoreServer.start(0, dataDir, clock);
                DynamoDbClient client = SdkClients.client(store.endpoint())) {
            session.accept(client);
        }
    }

    private static Map<String, AttributeValue> item(String... nameValue) {
        java.util.LinkedHashMap<String, AttributeValue> item = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            String v = nameValue[i + 1];
            item.put(
                    nameValue[i],
                    v.startsWith("#")
                            ? AttributeValue.fromN(v.substring(1))
                            : AttributeValue.fromS(v));
        }
        return item;
    }

    private static Map<String, AttributeValue> get(
            DynamoDbClient client, String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> found =
                client.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
        return found.isEmpty() ? null : found;
    }

    @Test
    void tablesItemsUpdatesAndDeletesSurviveARestart() {
        String[] names = new String[2];
        session(
                c -> {
                    names[0] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
                    names[1] =
                            Tables.hashRange(
                                    c, "h", ScalarAttributeType.S, "r", ScalarAttributeType.N);
                    c.putItem(b -> b.tableName(names[0]).item(item("id", "a", "v", "#1")));
                    c.putItem(b -> b.tableName(names[0]).item(item("id", "b", "v", "#2")));
                    c.updateItem(
                            b ->
                                    b.tableName(names[0])
                                            .key(item("id", "a"))
                                            .updateExpression("SET v = v + :d")
                                            .expressionAttributeValues(
                                                    Map.of(":d", AttributeValue.fromN("41"))));
                    c.deleteItem(b -> b.tableName(names[0]).key(item("id", "b")));
                    c.putItem(b -> b.tableName(names[1]).item(item("h", "x", "r", "#1.50")));
                    c.putItem(b -> b.tableName(names[1]).item(item("h", "x", "r", "#2", "s", "y")));
                    // The same number spelt differently is the same key.
                    c.deleteItem(b -> b.tableName(names[1]).key(item("h", "x", "r", "#1.5")));
                });
        session(
                c -> {
                    assertThat(c.listTables().tableNames()).containsExactlyInAnyOrder(names);
                    assertThat(get(c, names[0], item("id", "a")))
                            .isEqualTo(item("id", "a", "v", "#42"));
                    assertThat(get(c, names[0], item("id", "b"))).isNull();
                    assertThat(get(c, names[1], item("h", "x", "r", "#1.5"))).isNull();
                    assertThat(get(c, names[1], item("h", "x", "r", "#2")))
                            .isEqualTo(item("h", "x", "r", "#2", "s", "y"));
                    TableDescription t = c.describeTable(b -> b.tableName(names[1])).table();
                    assertThat(t.itemCount()).isEqualTo(1L);
                    assertThat(t.keySchema())
                            .extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                            .containsExactly("h:HASH", "r:RANGE");
                    assertThat(t.billingModeSummary().billingModeAsString())
                            .isEqualTo("PAY_PER_REQUEST");
                });
    }

    @Test
    void timeToLiveSettingsSurviveARestart() {
        String[] table = new String[1];
        session(
                c -> {
                    table[0] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
                    c.updateTimeToLive(
                            b ->
                                    b.tableName(table[0])
                                            .timeToLiveSpecification(
                                                    s -> s.enabled(true).attributeName("expires")));
                });
        session(
                c -> {
                    var ttl =
                            c.describeTimeToLive(b -> b.tableName(table[0]))
                                    .timeToLiveDescription();
                    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                    assertThat(ttl.attributeName()).isEqualTo("expires");
                    c.updateTimeToLive(
                            b ->
                                    b.tableName(table[0])
                                            .timeToLiveSpecification(
                                                    s ->
                                                            s.enabled(false)
                                                                    .attributeName("expires")));
                });
        session(
                c ->
                        assertThat(
                                        c.describeTimeToLive(b -> b.tableName(table[0]))
                                                .timeToLiveDescription()
                                                .timeToLiveStatus())
                                .isEqualTo(TimeToLiveStatus.DISABLED));
    }

    @Test
    void itemsExpiredByTheSweepStayDeleted() {
        String[] table = new String[1];
        long expiry = clock.instant().getEpochSecond() + 60;
        try (StoreServer store = StoreServer.start(0, dataDir, clock);
                DynamoDbClient c = SdkClients.client(store.endpoint())) {
            table[0] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
            c.updateTimeToLive(
                    b ->
                            b.tableName(table[0])
                                    .timeToLiveSpecification(
                                            s -> s.enabled(true).attributeName("expires")));
            c.putItem(b -> b.tableName(table[0]).item(item("id", "old", "expires", "#" + expiry)));
            c.putItem(
                    b ->
                            b.tableName(table[0])
                                    .item(item("id", "new", "expires", "#" + (expiry + 3600))));
            clock.advance(Duration.ofSeconds(120));
            // The background sweep may get there first; either way the deletion is logged.
            store.store().expireItems();
            assertThat(get(c, table[0], item("id", "old"))).isNull();
        }
        session(
                c -> {
                    assertThat(get(c, table[0], item("id", "old"))).isNull();
                    assertThat(get(c, table[0], item("id", "new"))).isNotNull();
                });
    }

    @Test
    void aDeletedTableStaysDeletedAndARecreatedOneHasOnlyItsNewItems() {
        String[] table = new String[2];
        session(
                c -> {
                    table[0] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
                    table[1] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
                    c.putItem(b -> b.tableName(table[0]).item(item("id", "gone")));
                    c.putItem(b -> b.tableName(table[1]).item(item("id", "gone-too")));
                    c.deleteTable(b -> b.tableName(table[0]));
                    c.deleteTable(b -> b.tableName(table[1]));
                    // Same name, same key: only what is written after re-creation may come back.
                    c.createTable(
                            b ->
                                    b.tableName(table[1])
                                            .billingMode("PAY_PER_REQUEST")
                                            .attributeDefinitions(
                                                    a ->
                                                            a.attributeName("id")
                                                                    .attributeType(
                                                                            ScalarAttributeType.S))
                                            .keySchema(
                                                    Tables.key(
                                                            "id",
                                                            software.amazon.awssdk.services.dynamodb
                                                                    .model.KeyType.HASH)));
                    c.putItem(b -> b.tableName(table[1]).item(item("id", "new")));
                });
        session(
                c -> {
                    assertThatThrownBy(() -> c.describeTable(b -> b.tableName(table[0])))
                            .isInstanceOf(ResourceNotFoundException.class);
                    assertThat(c.scan(b -> b.tableName(table[1])).items())
                            .containsExactly(item("id", "new"));
                });
    }

    @Test
    void aTransactionIsRecoveredWholeOrNotAtAll() {
        String[] table = new String[2];
        session(
                c -> {
                    table[0] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
                    table[1] = Tables.hashOnly(c, "id", ScalarAttributeType.S);
                    c.transactWriteItems(
                            b ->
                                    b.transactItems(
                                            t ->
                                                    t.put(
                                                            p ->
                                                                    p.tableName(table[0])
                                                                            .item(
                                                                                    item(
                                                                                            "id",
                                                                                            "t1"))),
                                            t ->
                                                    t.put(
                                                            p ->
                                                                    p.tableName(table[1])
                                                                            .item(
                                                                                    item(
                                                                                            "id",
                                                                                            "t1")))));
                    assertThatThrownBy(
                                    () ->
                                            c.transactWriteItems(
                                                    b ->
                                                            b.transactItems(
                                                                    t ->
                                                                            t.put(
                                                                                    p ->
                                                                                            p.tableName(
                                                                                                            table[
                                                                                                                    0])
                                                                                                    .item(
                                                                                                            item(
                                                                                                                    "id",
                                                                                                                    "t2"))),
                                                                    t ->
                                                                            t.put(
                                                                                    p ->
                                                                                            p.tableName(
                                                                                                            table[
                                                                                                                    1])
                                                                                                    .item(
                                                                                                            item(
                                                                                                                    "id",
                                                                                                                    "t1"))
                                                                                                    .conditionExpression(
                                                                                                            "attribute_not_exists(id)")))))
                            .isInstanceOf(TransactionCanceledException.class);
                });
        session(
                c -> {
                    assertThat(c.scan(b -> b.tableName(table[0])).items())
                            .containsExactly(item("id", "t1"));
                    assertThat(c.scan(b -> b.tableName(table[1])).items())
                            .containsExactly(item("id", "t1"));
                });
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        try (StoreServer first = StoreServer.start(0, dataDir)) {
            assertThatThrownBy(() -> StoreServer.start(0, dataDir))
                    .isInstanceOf(DataDirInUseException.class)
                    .hasMessage(
                            "The data directory "
                                    + dataDir.toAbsolutePath()
                                    + " is in use by another streamcount-store (lock: store.lock)");
        }
        // Released on close: the directory can be served again.
        session(c -> assertThat(c.listTables().tableNames()).isEmpty());
    }
}
