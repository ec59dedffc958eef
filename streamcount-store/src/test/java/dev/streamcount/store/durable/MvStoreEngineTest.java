package dev.streamcount.store.durable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.streamcount.store.model.AttributeValue;
import dev.streamcount.store.model.Type;
import dev.streamcount.store.table.Catalog;
import dev.streamcount.store.table.ItemWrite;
import dev.streamcount.store.table.KeySchema;
import dev.streamcount.store.table.PrimaryKey;
import dev.streamcount.store.table.Storage;
import dev.streamcount.store.table.Table;
import dev.streamcount.store.table.TableDefinition;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's log and checkpoints: what a reopened engine finds is the same whether a change was
 * checkpointed into the state maps or replayed from the log.
 */
class MvStoreEngineTest {
    @TempDir Path dir;

    private static TableDefinition table(String name, String id) {
        return new TableDefinition(
                name,
                new KeySchema("k", Type.S, null, null),
                JsonNodeFactory.instance.arrayNode(),
                true,
                0,
                0,
                Instant.parse("2026-01-01T00:00:00Z"),
                id);
    }

    private static Map<String, AttributeValue> item(int k, int v) {
        return Map.of(
                "k",
                new AttributeValue.S("key-" + k),
                "v",
                new AttributeValue.N(BigDecimal.valueOf(v)));
    }

    private static ItemWrite put(Table table, int k, int v) {
        return new ItemWrite(
                table, PrimaryKey.of(new AttributeValue.S("key-" + k), null), item(k, v));
    }

    private static Change write(ItemWrite... writes) {
        return new Change.ItemsWritten(List.of(writes));
    }

    @Test
    void reopensToTheSameTablesAcrossCheckpointsAndReplay() {
        Catalog catalog = new Catalog(Storage.IN_MEMORY);
        TableDefinition kept = table("kept", "id-kept");
        TableDefinition dropped = table("dropped", "id-dropped");
        Table keptTable = catalog.create(kept);
        Table droppedTable = catalog.create(dropped);
        Path file = dir.resolve("store.mv.db");
        // A checkpoint every 4 changes: 17 changes below leave some in the log, some checkpointed.
        try (MvStoreEngine engine = new MvStoreEngine(file, 4)) {
            engine.commit(List.of(new Change.TableCreated(kept), new Change.TableCreated(dropped)));
            for (int k = 0; k < 10; k++) {
                engine.commit(List.of(write(put(keptTable, k, k)), write(put(droppedTable, k, k))));
            }
            engine.commit(List.of(write(put(keptTable, 3, 300))));
            engine.commit(
                    List.of(
                            write(
                                    new ItemWrite(
                                            keptTable,
                                            PrimaryKey.of(new AttributeValue.S("key-0"), null),
                                            null))));
            engine.commit(List.of(new Change.TimeToLiveChanged(kept, "expires")));
            engine.commit(List.of(new Change.TableDeleted(dropped)));
        }
        try (MvStoreEngine engine = new MvStoreEngine(file, 4)) {
            List<Engine.StoredTable> tables = engine.tables();
            assertThat(tables).hasSize(1);
            Engine.StoredTable t = tables.get(0);
            assertThat(t.definition()).isEqualTo(kept);
            assertThat(t.timeToLiveAttribute()).isEqualTo("expires");
            Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
            t.items().forEach(i -> items.put(((AttributeValue.S) i.get("k")).value(), i));
            List<Map<String, AttributeValue>> expected = new ArrayList<>();
            for (int k = 1; k < 10; k++) {
                expected.add(item(k, k == 3 ? 300 : k));
            }
            assertThat(new ArrayList<>(items.values())).isEqualTo(expected);
        }
    }
}
