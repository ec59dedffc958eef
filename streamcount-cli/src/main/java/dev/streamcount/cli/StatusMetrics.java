package dev.streamcount.cli;

import dev.streamcount.job.metrics.StreamCountMetrics;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for the local MiniCluster (same JVM) that keeps streamcount's counters,
 * so {@code local} can print a status line: records read and skipped, words counted and oversize,
 * items committed. Sums are since the job last (re)started.
 */
public final class StatusMetrics implements MetricReporter {

    /** streamcount counter name → the live counters of every subtask. */
    private static final Map<String, Set<Counter>> COUNTERS = new ConcurrentHashMap<>();

    /** Registers this reporter in a MiniCluster configuration. */
    public static void register(Configuration conf) {
        conf.setString(
                "metrics.reporter.streamcount-status.factory.class", Factory.class.getName());
    }

    /** The sum of a streamcount counter over all subtasks. */
    public static long sum(String name) {
        return COUNTERS.getOrDefault(name, Set.of()).stream().mapToLong(Counter::getCount).sum();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (metric instanceof Counter c
                && group.getMetricIdentifier(name).contains("." + StreamCountMetrics.GROUP + ".")) {
            COUNTERS.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(c);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        Set<Counter> set = COUNTERS.get(name);
        if (set != null && metric instanceof Counter c) {
            set.remove(c);
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
