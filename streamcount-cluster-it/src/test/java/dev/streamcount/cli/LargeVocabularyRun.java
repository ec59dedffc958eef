package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.Ports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A measurement, not part of {@code mvn verify} (its name does not end in ITCase): a vocabulary of
 * {@code -Dwords} distinct words (default 10,000,000), each said once, all in Kafka before the job
 * starts, counted by the cluster jar on one TaskManager (1024 MB process, 2 slots) with RocksDB and
 * Flink's default checkpoint timeout and tolerance. Prints, every 30 s, what was committed, the
 * commit backlog, the TaskManager's heap and RSS; at the end the time to converge and an exact
 * check of every item. {@code -Drun.jar} submits another build of the cluster jar (the "before").
 *
 * <pre>
 * mvn -B install -DskipTests -Pcluster
 * mvn -B verify -Pcluster -pl streamcount-cluster-it -Dit.test=LargeVocabularyRun \
 *     -Dwords=10000000
 * </pre>
 */
class LargeVocabularyRun {

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    private static final int WORDS_PER_LINE = 20;

    @Test
    void everyWordOnceOnRocksDb(@TempDir Path dir) throws Exception {
        long words = Long.getLong("words", 10_000_000);
        Duration limit = Duration.ofMinutes(Long.getLong("minutes", 120));
        Path jar = Path.of(System.getProperty("run.jar", System.getProperty("job.jar")));
        JobConfig config = SERVICES.newConfig();

        long t0 = System.nanoTime();
        List<byte[]> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (long i = 0; i < words; i++) {
            line.append("word").append(i).append(' ');
            if ((i + 1) % WORDS_PER_LINE == 0 || i + 1 == words) {
                lines.add(line.toString().getBytes(StandardCharsets.UTF_8));
                line.setLength(0);
            }
            if (lines.size() == 50_000) {
                LocalServices.produce(config, lines);
                lines.clear();
            }
        }
        LocalServices.produce(config, lines);
        System.out.printf(
                "produced %,d distinct words in %d s; job jar %s%n",
                words, seconds(t0), jar.getFileName());

        try (StandaloneCluster cluster = new StandaloneCluster(dir, Ports.free(), Ports.free());
                DynamoDbClient client = SERVICES.dynamoClient(config)) {
            cluster.startJobManager();
            cluster.startTaskManager("tm-1");
            awaitTrue(
                    () -> cluster.get("/overview").replace(" ", "").contains("\"taskmanagers\":1"));
            String jarId = cluster.uploadJar(jar);
            long start = System.nanoTime();
            String jobId =
                    cluster.run(
                            jarId,
                            2,
                            List.of(
                                    "--bootstrap-servers", config.bootstrapServers(),
                                    "--topic", config.topic(),
                                    "--group-id", config.groupId(),
                                    "--table", config.table(),
                                    "--dynamodb-endpoint", config.dynamoDbEndpoint().toString(),
                                    "--state-backend", "rocksdb"));
            awaitTrue(() -> cluster.allRunning(jobId));
            String tm = firstMatch(cluster.get("/taskmanagers"), "\"id\":\"([^\"]+)\"");
            long peakHeap = 0;
            long peakRss = 0;
            long peakBacklog = 0;
            long committed = 0;
            long lastPrint = 0;
            String lastCause = null;
            boolean tmGone = false;
            while (committed < words) {
                assertThat(System.nanoTime() - start)
                        .as("converged within %s", limit)
                        .isLessThan(limit.toNanos());
                String cause = rootCause(cluster, jobId);
                if (cause != null && !cause.equals(lastCause)) {
                    lastCause = cause;
                    System.out.printf("%5d s: the job failed: %s%n", seconds(start), cause);
                }
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
                long heap =
                        (long) metric(cluster, "/taskmanagers/" + tm, "Status.JVM.Memory.Heap.Used")
                                >> 20;
                long rss = cluster.rssMiB().getOrDefault("tm-1", 0L);
                if (rss == 0 && !tmGone) {
                    tmGone = true;
                    System.out.printf(
                            "%5d s: the TaskManager process is gone; its log ends:%n%s%n",
                            seconds(start),
                            cluster.logTail("tm-1")
                                    .lines()
                                    .filter(l -> l.contains("Error") || l.contains("Exception"))
                                    .limit(5)
                                    .reduce("", (a, b) -> a + b + System.lineSeparator()));
                }
                long backlog = (long) subtaskMetric(cluster, jobId, "pendingItems", "max");
                committed =
                        (long) subtaskMetric(cluster, jobId, "itemsCommitted", "sum")
                                + (long) subtaskMetric(cluster, jobId, "staleWritesFenced", "sum");
                peakHeap = Math.max(peakHeap, heap);
                peakRss = Math.max(peakRss, rss);
                peakBacklog = Math.max(peakBacklog, backlog);
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(30)) {
                    lastPrint = System.nanoTime();
                    System.out.printf(
                            "%5d s: committed %,d; backlog of a subtask %,d; TaskManager heap"
                                    + " %d MiB, RSS %d MiB; checkpoints %s; restarts %s%n",
                            seconds(start),
                            committed,
                            backlog,
                            heap,
                            rss,
                            checkpoints(cluster, jobId),
                            restarts(cluster, jobId));
                }
            }
            long converged = seconds(start);
            System.out.printf(
                    "converged: %,d words committed in %d s (%,d words/s); peak TaskManager heap"
                            + " %d MiB (sampled every 2 s), peak RSS %d MiB, peak backlog of a"
                            + " subtask %,d; checkpoints %s; paused %,d ms%n",
                    committed,
                    converged,
                    committed / Math.max(1, converged),
                    peakHeap,
                    peakRss,
                    peakBacklog,
                    checkpoints(cluster, jobId),
                    (long) subtaskMetric(cluster, jobId, "countingPausedMs", "sum"));
            long[] check = scanCounts(client, config.table());
            System.out.printf(
                    "table: %,d items, sum %,d, every count 1: %s%n",
                    check[0], check[1], check[2] == 0);
            assertThat(check[0]).isEqualTo(words);
            assertThat(check[1]).isEqualTo(words);
            assertThat(check[2]).as("items whose count is not 1").isZero();
            cluster.cancel(jobId);
        }
    }

    /** Items, sum of counts, items whose count is not 1. */
    private static long[] scanCounts(DynamoDbClient client, String table) {
        long[] out = new long[3];
        Map<String, AttributeValue> from = null;
        do {
            ScanResponse r =
                    client.scan(
                            ScanRequest.builder()
                                    .tableName(table)
                                    .projectionExpression("#c")
                                    .expressionAttributeNames(Map.of("#c", "count"))
                                    .exclusiveStartKey(from)
                                    .build());
            for (Map<String, AttributeValue> item : r.items()) {
                long c = Long.parseLong(item.get("count").n());
                out[0]++;
                out[1] += c;
                if (c != 1) out[2]++;
            }
            from = r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null;
        } while (from != null);
        return out;
    }

    private static String checkpoints(StandaloneCluster cluster, String jobId) throws Exception {
        String body = cluster.get("/jobs/" + jobId + "/checkpoints").replace(" ", "");
        return "completed "
                + firstMatch(body, "\"completed\":(\\d+)")
                + ", failed "
                + firstMatch(body, "\"failed\":(\\d+)")
                + ", longest "
                + firstMatch(body, "\"end_to_end_duration\":\\{[^}]*\"max\":(\\d+)")
                + " ms";
    }

    private static String restarts(StandaloneCluster cluster, String jobId) throws Exception {
        return firstMatch(
                cluster.get("/jobs/" + jobId + "/metrics?get=numRestarts"), "\"value\":\"(\\d+)\"");
    }

    /** The first line of the job's latest failure, if it failed. */
    private static String rootCause(StandaloneCluster cluster, String jobId) throws Exception {
        String body = cluster.get("/jobs/" + jobId + "/exceptions?maxExceptions=1");
        String trace = firstMatch(body, "\"root-exception\":\"([^\"]*)\"");
        return trace == null ? null : trace.split("\\\\n")[0];
    }

    /** A subtask-aggregated operator metric whose name ends with {@code name}, over vertices. */
    private static double subtaskMetric(
            StandaloneCluster cluster, String jobId, String name, String agg) throws Exception {
        double total = 0;
        // The job's vertex ids, each once (the plan lists them again).
        Set<String> vertices = new LinkedHashSet<>();
        Matcher v =
                Pattern.compile("\"id\":\"([0-9a-f]{32})\"").matcher(cluster.get("/jobs/" + jobId));
        while (v.find()) {
            vertices.add(v.group(1));
        }
        for (String vertex : vertices) {
            String base = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
            Matcher ids =
                    Pattern.compile("\"id\":\"([^\"]*\\." + name + ")\"")
                            .matcher(cluster.get(base));
            while (ids.find()) {
                String body = cluster.get(base + "?get=" + ids.group(1) + "&agg=" + agg);
                String value = firstMatch(body, "\"" + agg + "\":([0-9.E]+)");
                if (value != null) total += Double.parseDouble(value);
            }
        }
        return total;
    }

    private static double metric(StandaloneCluster cluster, String path, String name)
            throws Exception {
        String value =
                firstMatch(cluster.get(path + "/metrics?get=" + name), "\"value\":\"([0-9.E]+)\"");
        return value == null ? 0 : Double.parseDouble(value);
    }

    private static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static void awaitTrue(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                if (check.test()) return;
            } catch (Exception e) {
                // not up yet
            }
            assertThat(System.nanoTime()).as("within 120 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }
}
