package dev.streamcount.cli.dashboard;

import dev.streamcount.cli.StatusMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the job's metrics once a second for the dashboard: rates over the last ten minutes, the
 * checkpoints completed and committed and since when, the Kafka source's lag per partition and what
 * was not counted. The API serves the newest {@link Snapshot}; nothing here waits for a request.
 */
public final class LiveMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveMetrics.class);

    /** Ten minutes of one-second rates. */
    static final int HISTORY = 600;

    /** Dead-letter reasons shown, with the counter that counts them. */
    private static final Map<String, String> NOT_COUNTED =
            Map.of(
                    "tombstone or empty record", "recordsSkipped",
                    "oversize word", "wordsOversize",
                    "late record", "recordsLate",
                    "late at the window operator (words)", "wordsLateAtWindow");

    private final String topic;
    private final Admin admin;
    private final ScheduledExecutorService sampler;
    private final RateSeries records = new RateSeries(HISTORY);
    private final RateSeries words = new RateSeries(HISTORY);
    private final RateSeries items = new RateSeries(HISTORY);
    private final Since completed = new Since();
    private final Since committed = new Since();
    private final TreeSet<Integer> partitions = new TreeSet<>();
    private volatile Snapshot latest;
    private int samples;

    /** A checkpoint id and when it was first seen. */
    private static final class Since {
        long id = -1;
        long sinceMillis;

        void see(OptionalLong value, long now) {
            long v = value.orElse(-1);
            if (v != id) {
                id = v;
                sinceMillis = now;
            }
        }

        Checkpoint view(long now) {
            return id < 0 ? null : new Checkpoint(id, now - sinceMillis);
        }
    }

    /**
     * A checkpoint, and how long ago it was first seen (within the one-second sampling).
     *
     * @param ageMs since the dashboard first saw it
     */
    public record Checkpoint(long id, long ageMs) {}

    /** One partition's read offset, end offset and lag; offset -1 before its first record. */
    public record Lag(int partition, long offset, long end, long lag) {}

    /** What the dashboard shows of the metrics at one moment. */
    public record Snapshot(
            long now,
            Map<String, double[]> series,
            Map<String, Double> rates,
            Map<String, Long> totals,
            Map<String, Checkpoint> checkpoints,
            List<Lag> lag,
            String lagError,
            Map<String, Long> notCounted) {}

    private LiveMetrics(String topic, String bootstrapServers) {
        this.topic = topic;
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "streamcount-dashboard",
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                2_000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                3_000));
        this.sampler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "streamcount-dashboard-metrics");
                            t.setDaemon(true);
                            return t;
                        });
        this.latest = snapshot(System.currentTimeMillis(), List.of(), null);
    }

    /** Starts sampling the job reading {@code topic} from {@code bootstrapServers}. */
    public static LiveMetrics start(String topic, String bootstrapServers) {
        LiveMetrics m = new LiveMetrics(topic, bootstrapServers);
        m.sampler.scheduleAtFixedRate(m::sampleSafely, 0, 1, TimeUnit.SECONDS);
        return m;
    }

    /** The newest sample. */
    public Snapshot latest() {
        return latest;
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("Sampling the dashboard's metrics failed: {}", e.toString());
        }
    }

    private void sample() {
        long now = System.currentTimeMillis();
        records.sample(now, StatusMetrics.sum("recordsIn"));
        words.sample(now, StatusMetrics.sum("wordsCounted"));
        items.sample(
                now,
                StatusMetrics.sum("itemsCommitted") + StatusMetrics.sum("windowItemsCommitted"));
        completed.see(StatusMetrics.maxGauge(StatusMetrics.COMPLETED_CHECKPOINT), now);
        committed.see(StatusMetrics.minGauge("committedCheckpoint"), now);
        List<Lag> lag = List.of();
        String lagError = null;
        try {
            lag = lag();
        } catch (Exception e) {
            lagError = "Kafka's end offsets unavailable: " + e.getMessage();
        }
        latest = snapshot(now, lag, lagError);
    }

    private Snapshot snapshot(long now, List<Lag> lag, String lagError) {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("t", records.times());
        series.put("records", records.rates());
        series.put("words", words.rates());
        series.put("items", items.rates());
        Map<String, Double> rates =
                Map.of(
                        "records", records.recent(10),
                        "words", words.recent(10),
                        "items", items.recent(10));
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String name :
                List.of(
                        "recordsIn",
                        "wordsCounted",
                        "itemsCommitted",
                        "windowItemsCommitted",
                        "recordsMalformedUtf8")) {
            totals.put(name, StatusMetrics.sum(name));
        }
        Map<String, Checkpoint> checkpoints = new LinkedHashMap<>();
        checkpoints.put("completed", completed.view(now));
        checkpoints.put("committed", committed.view(now));
        Map<String, Long> notCounted =
                NOT_COUNTED.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .collect(
                                Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> StatusMetrics.sum(e.getValue()),
                                        (a, b) -> a,
                                        LinkedHashMap::new));
        return new Snapshot(now, series, rates, totals, checkpoints, lag, lagError, notCounted);
    }

    /** Each partition's lag: its end offset less the offset after the last record read. */
    private List<Lag> lag() throws Exception {
        SortedMap<Integer, Long> read = StatusMetrics.currentOffsets(topic);
        if (partitions.isEmpty() || samples++ % 30 == 0) {
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(3, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(p -> partitions.add(p.partition()));
        }
        partitions.addAll(read.keySet());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                offsets(OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                offsets(OffsetSpec.earliest());
        List<Lag> lags = new ArrayList<>();
        for (int p : partitions) {
            TopicPartition tp = new TopicPartition(topic, p);
            long end = ends.get(tp).offset();
            long offset = read.getOrDefault(p, -1L);
            long next = offset >= 0 ? offset + 1 : starts.get(tp).offset();
            lags.add(new Lag(p, offset, end, Math.max(0, end - next)));
        }
        return lags;
    }

    private Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(OffsetSpec spec)
            throws Exception {
        return admin.listOffsets(
                        partitions.stream()
                                .collect(
                                        Collectors.toMap(
                                                p -> new TopicPartition(topic, p), p -> spec)))
                .all()
                .get(3, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
