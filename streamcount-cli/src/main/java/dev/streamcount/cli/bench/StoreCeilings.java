package dev.streamcount.cli.bench;

import dev.streamcount.job.sink.WordCountTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code bench --store-ceilings}: every write shape against every backend, side by side in one run.
 *
 * <p>All backends run at once in this JVM (idle while another is measured); after a warm-up round
 * that is not reported (every shape on every backend), each round measures every shape on every
 * backend, the backends in a rotated order each round so none always goes first, and the report
 * gives the median of the rounds. Each measurement writes new items into a table of its own, which
 * is scanned afterwards (every acknowledged item, no other) and deleted.
 */
final class StoreCeilings {

    /**
     * The run's settings.
     *
     * @param warmup writing before each measured window (its items are verified too)
     * @param measured the window whose acknowledged items are counted
     */
    record Settings(
            List<StoreBackend> backends,
            List<WriteLoad.Shape> shapes,
            int rounds,
            Duration warmup,
            Duration measured) {}

    private final Settings settings;
    private final PrintWriter out;

    StoreCeilings(Settings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** The Markdown table, and whether every measurement's table held exactly what was written. */
    record Outcome(String table, boolean verified) {}

    /** Runs every measurement, printing a line for each. */
    Outcome run(Path dataDir) throws Exception {
        Map<StoreBackend, StoreBackend.Running> running = new LinkedHashMap<>();
        Map<StoreBackend, DynamoDbClient> readers = new LinkedHashMap<>();
        Map<String, List<WriteLoad.Result>> results = new LinkedHashMap<>();
        boolean allVerified = true;
        try {
            for (StoreBackend b : settings.backends()) {
                running.put(b, b.start(dataDir.resolve(b.id)));
                readers.put(b, syncClient(running.get(b)));
                out.printf("  %-20s %s at %s%n", b.id, b.description, running.get(b).endpoint());
            }
            out.flush();
            List<StoreBackend> order = new ArrayList<>(settings.backends());
            // A round that is not reported: the JIT compiles the client's and each server's
            // paths here, not inside the first measured round.
            for (WriteLoad.Shape shape : settings.shapes()) {
                for (StoreBackend b : order) {
                    WriteLoad.Result r = measure(0, shape, b, running.get(b), readers);
                    allVerified &= r.verified();
                    out.printf(
                            Locale.ROOT,
                            "  warm-up  %-8s %-20s %,10.0f items/s  %s%n",
                            shape.id,
                            b.id,
                            r.itemsPerSecond(),
                            r.verified() ? "verified" : "NOT VERIFIED");
                    out.flush();
                }
            }
            for (int round = 1; round <= settings.rounds(); round++) {
                for (WriteLoad.Shape shape : settings.shapes()) {
                    for (StoreBackend b : order) {
                        WriteLoad.Result r = measure(round, shape, b, running.get(b), readers);
                        results.computeIfAbsent(key(shape, b), k -> new ArrayList<>()).add(r);
                        allVerified &= r.verified();
                        out.printf(
                                Locale.ROOT,
                                "  round %d  %-8s %-20s %,10.0f items/s  p50 %6.2f ms  p99 %7.2f"
                                        + " ms  %,9d items  %s%n",
                                round,
                                shape.id,
                                b.id,
                                r.itemsPerSecond(),
                                r.p50Micros() / 1000.0,
                                r.p99Micros() / 1000.0,
                                r.written(),
                                r.verified() ? "verified" : "NOT VERIFIED");
                        out.flush();
                    }
                }
                order.add(order.remove(0));
            }
        } finally {
            for (DynamoDbClient c : readers.values()) {
                c.close();
            }
            for (StoreBackend.Running r : running.values()) {
                r.close();
            }
        }
        return new Outcome(table(results), allVerified);
    }

    private WriteLoad.Result measure(
            int round,
            WriteLoad.Shape shape,
            StoreBackend backend,
            StoreBackend.Running running,
            Map<StoreBackend, DynamoDbClient> readers)
            throws Exception {
        DynamoDbClient reader = readers.get(backend);
        String table = "ceiling_" + shape.id + "_" + round;
        WordCountTable.ensure(reader, table);
        try (DynamoDbAsyncClient client =
                WriteLoad.asyncClient(running.endpoint(), shape.inFlight)) {
            // Collect the previous measurement's garbage now, not inside this one's window.
            System.gc();
            return new WriteLoad(shape, table)
                    .run(client, reader, settings.warmup(), settings.measured());
        } finally {
            reader.deleteTable(b -> b.tableName(table));
        }
    }

    private static DynamoDbClient syncClient(StoreBackend.Running running) {
        return DynamoDbClient.builder()
                .endpointOverride(running.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(WriteLoad.credentials())
                .httpClientBuilder(
                        UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .build();
    }

    private static String key(WriteLoad.Shape shape, StoreBackend backend) {
        return shape.id + "/" + backend.id;
    }

    /** One row per shape and backend: the median round, and every round's rate. */
    private String table(Map<String, List<WriteLoad.Result>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| shape | in flight | backend | items/s (median) | items/s (each round) | p50 /"
                        + " p99 ms (median round) | table |\n");
        sb.append("|---|---:|---|---:|---|---:|---|\n");
        for (WriteLoad.Shape shape : settings.shapes()) {
            for (StoreBackend b : settings.backends()) {
                List<WriteLoad.Result> runs = results.get(key(shape, b));
                if (runs == null) {
                    continue;
                }
                List<WriteLoad.Result> byRate = new ArrayList<>(runs);
                byRate.sort(Comparator.comparingDouble(WriteLoad.Result::itemsPerSecond));
                WriteLoad.Result median = byRate.get(byRate.size() / 2);
                StringBuilder each = new StringBuilder();
                for (WriteLoad.Result r : runs) {
                    each.append(each.length() == 0 ? "" : ", ")
                            .append(String.format(Locale.ROOT, "%,.0f", r.itemsPerSecond()));
                }
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %d | %s | %,.0f | %s | %.2f / %.2f | %s |%n",
                                shape.description,
                                shape.inFlight,
                                b.id,
                                median.itemsPerSecond(),
                                each,
                                median.p50Micros() / 1000.0,
                                median.p99Micros() / 1000.0,
                                runs.stream().allMatch(WriteLoad.Result::verified)
                                        ? "verified"
                                        : "NOT verified"));
            }
        }
        return sb.toString();
    }
}
