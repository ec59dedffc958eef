package dev.streamcount.cli;

import dev.streamcount.job.metrics.StreamCountMetrics;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for the local MiniCluster (same JVM) that keeps streamcount's counters,
 * so {@code local} can print a status line (records read and skipped, words counted and oversize,
 * items committed) and its dashboard can draw them. Sums are since the job last (re)started. It
 * also keeps the few gauges the dashboard shows: checkpoints completed and committed, and the Kafka
 * source's offset per partition.
 */
public final class StatusMetrics implements MetricReporter {

    /** streamcount counter name → the live counters of every subtask. */
    private static final Map<String, Set<Counter>> COUNTERS = new ConcurrentHashMap<>();

    /** Gauges kept, by name: metric identifier → gauge. */
    private static final Map<String, Map<String, Gauge<?>>> GAUGES = new ConcurrentHashMap<>();

    /** Flink's job-level gauge of the newest completed checkpoint. */
    public static final String COMPLETED_CHECKPOINT = "lastCompletedCheckpointId";

    /** The Kafka source's gauge of the offset last read, per partition. */
    private static final String CURRENT_OFFSET = "currentOffset";

    private static final Pattern PARTITION =
            Pattern.compile(
                    "\\.KafkaSourceReader\\.topic\\.(.+)\\.partition\\.(\\d+)\\.currentOffset$");

    private static final Set<String> STREAMCOUNT_GAUGES =
            Set.of("committedCheckpoint", "windowCommittedCheckpoint", "topCheckpointWritten");

    /** Registers this reporter in a MiniCluster configuration. */
    public static void register(Configuration conf) {
        conf.setString(
                "metrics.reporter.streamcount-status.factory.class", Factory.class.getName());
    }

    /** The sum of a streamcount counter over all subtasks. */
    public static long sum(String name) {
        return COUNTERS.getOrDefault(name, Set.of()).stream().mapToLong(Counter::getCount).sum();
    }

    /**
     * The lowest value of a numeric gauge over the subtasks that have it, e.g. the checkpoint every
     * committer has written; empty when none has.
     */
    public static OptionalLong minGauge(String name) {
        return values(name).min();
    }

    /** The highest value of a numeric gauge; empty when there is none. */
    public static OptionalLong maxGauge(String name) {
        return values(name).max();
    }

    private static LongStream values(String name) {
        return GAUGES.getOrDefault(name, Map.of()).values().stream()
                .map(Gauge::getValue)
                .filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue());
    }

    /**
     * The offset the Kafka source last read, per partition of {@code topic} (-1 before its first
     * record).
     */
    public static SortedMap<Integer, Long> currentOffsets(String topic) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        GAUGES.getOrDefault(CURRENT_OFFSET, Map.of())
                .forEach(
                        (id, gauge) -> {
                            Matcher m = PARTITION.matcher(id);
                            if (m.find()
                                    && m.group(1).equals(topic)
                                    && gauge.getValue() instanceof Number n) {
                                offsets.merge(
                                        Integer.parseInt(m.group(2)), n.longValue(), Math::max);
                            }
                        });
        return offsets;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        String id = group.getMetricIdentifier(name);
        boolean ours = id.contains("." + StreamCountMetrics.GROUP + ".");
        if (metric instanceof Counter c && ours) {
            COUNTERS.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(c);
        } else if (metric instanceof Gauge<?> g
                && ((ours && STREAMCOUNT_GAUGES.contains(name))
                        || name.equals(COMPLETED_CHECKPOINT)
                        || (name.equals(CURRENT_OFFSET) && PARTITION.matcher(id).find()))) {
            GAUGES.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(id, g);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        Set<Counter> set = COUNTERS.get(name);
        if (set != null && metric instanceof Counter c) {
            set.remove(c);
        }
        Map<String, Gauge<?>> gauges = GAUGES.get(name);
        if (gauges != null && metric instanceof Gauge<?>) {
            gauges.remove(group.getMetricIdentifier(name), metric);
        }
    }

    /** One status line from the counters; windowed counts only once there are any. */
    public static String statusLine() {
        String windows =
                sum("windowItemsCommitted") + sum("recordsLate") == 0
                        ? ""
                        : String.format(
                                ", %,d window counts written (%,d late records)",
                                sum("windowItemsCommitted"), sum("recordsLate"));
        return String.format(
                        "status: %,d records (%,d skipped, %,d with malformed UTF-8), %,d words"
                                + " counted (%,d oversize), %,d totals written",
                        sum("recordsIn"),
                        sum("recordsSkipped"),
                        sum("recordsMalformedUtf8"),
                        sum("wordsCounted"),
                        sum("wordsOversize"),
                        sum("itemsCommitted"))
                + windows;
    }

    /** Flink creates reporters through a factory named in the configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new StatusMetrics();
        }
    }
}
