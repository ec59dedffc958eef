package dev.streamcount.cli;

import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.kafka.KafkaRecordSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Operators a fault test inserts at the job's seams (the source's deserializer, a map in front of
 * the sink). Their state is static because the MiniCluster runs in the test's JVM; each test uses
 * its own id, so tests never share it.
 */
final class FaultHarness {
    private FaultHarness() {}

    /** Per test: input progress, failures and checkpoints seen. */
    static final class Run {
        final long totalRecords;
        final Map<Integer, Long> nextOffset = new ConcurrentHashMap<>();
        final List<Double> failAt = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresInjected = new AtomicInteger();
        final AtomicLong lastCompletedCheckpoint = new AtomicLong(-1);
        volatile long checkpointAtLastFailure = 0;
        volatile boolean gateOpen = true;
        final AtomicInteger checkpointsDeclined = new AtomicInteger();
        final Map<String, Long> totalsSeen = new ConcurrentHashMap<>();

        Run(long totalRecords, List<Double> failAt) {
            this.totalRecords = totalRecords;
            this.failAt.addAll(failAt);
        }

        /**
         * Fraction of the planned input the source has read, by highest offset: replays do not
         * count twice.
         */
        double progress() {
            return nextOffset.values().stream().mapToLong(Long::longValue).sum()
                    / (double) totalRecords;
        }

        long wordsSeen() {
            return totalsSeen.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

    /**
     * The job's deserialization (value bytes, tombstones as empty), tracking the highest offset
     * read.
     */
    static final class TrackingDeserializer
            implements KafkaRecordDeserializationSchema<KafkaRecord> {
        private final KafkaRecordSource.Records records = new KafkaRecordSource.Records();
        private final String runId;

        TrackingDeserializer(String runId) {
            this.runId = runId;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecord> out)
                throws IOException {
            RUNS.get(runId).nextOffset.merge(record.partition(), record.offset() + 1, Math::max);
            records.deserialize(record, out);
        }

        @Override
        public TypeInformation<KafkaRecord> getProducedType() {
            return records.getProducedType();
        }
    }

    /**
     * Fails the task when input progress passes the next planned point, but only once a checkpoint
     * has completed since the previous failure (so the job makes progress between failures).
     */
    static final class FailAtProgress
            implements MapFunction<WordCount, WordCount>, CheckpointListener {
        private final String runId;

        FailAtProgress(String runId) {
            this.runId = runId;
        }

        @Override
        public WordCount map(WordCount total) {
            Run run = RUNS.get(runId);
            run.totalsSeen.merge(total.word, total.count, Math::max);
            if (!run.failAt.isEmpty()
                    && run.progress() >= run.failAt.get(0)
                    && run.lastCompletedCheckpoint.get() > run.checkpointAtLastFailure) {
                synchronized (run) {
                    if (!run.failAt.isEmpty() && run.progress() >= run.failAt.get(0)) {
                        double at = run.failAt.remove(0);
                        run.checkpointAtLastFailure = run.lastCompletedCheckpoint.get();
                        int n = run.failuresInjected.incrementAndGet();
                        throw new RuntimeException(
                                "injected failure #"
                                        + n
                                        + " at "
                                        + Math.round(at * 100)
                                        + "% of the input");
                    }
                }
            }
            return total;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            RUNS.get(runId).lastCompletedCheckpoint.accumulateAndGet(checkpointId, Math::max);
        }
    }

    /**
     * Declines every checkpoint while the gate is closed; passes totals through and records them.
     */
    static final class CheckpointGate
            implements MapFunction<WordCount, WordCount>, CheckpointedFunction {
        private final String runId;

        CheckpointGate(String runId) {
            this.runId = runId;
        }

        @Override
        public WordCount map(WordCount total) {
            RUNS.get(runId).totalsSeen.merge(total.word, total.count, Math::max);
            return total;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            Run run = RUNS.get(runId);
            if (!run.gateOpen) {
                run.checkpointsDeclined.incrementAndGet();
                throw new IOException(
                        "checkpoint " + context.getCheckpointId() + " declined by the test gate");
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    /** A fixed-delay restart strategy, as configuration (Flink 2.x has no RestartStrategies). */
    static Configuration fixedDelayRestarts(int attempts, Duration delay) {
        Configuration c = new Configuration();
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return c;
    }
}
