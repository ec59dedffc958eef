package dev.streamcount.job;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.Windowing;
import dev.streamcount.job.count.DeadLetter;
import dev.streamcount.job.count.RunningCountOperator;
import dev.streamcount.job.count.TokenizeOperator;
import dev.streamcount.job.count.WordCount;
import dev.streamcount.job.kafka.KafkaRecord;
import dev.streamcount.job.sink.CountSink;
import dev.streamcount.job.sink.DeadLetterSink;
import dev.streamcount.job.top.TopSink;
import dev.streamcount.job.window.WindowedCounts;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;

/**
 * The streamcount dataflow, and nothing else: source and sinks come in as parameters, so tests pass
 * bounded sources and collecting sinks ({@code StreamCountTopologyTest}) while {@link
 * StreamCountJob} passes Kafka and DynamoDB.
 *
 * <pre>
 *   source (record values) → tokenize + combine (up to {@value #MAX_COMBINE_MILLIS} ms) → keyBy(word)
 *     → running total in keyed state, coalesced per flush interval → sink (absolute totals)
 *   tokenize → dead letters (skipped records, oversize words, late records) → dead-letter sink
 *   with windows on: tokenize → per-window counts → keyBy(word) → tumbling event-time window
 *     → window sink (absolute count per word and window)
 * </pre>
 */
public final class StreamCountTopology {

    /** Failures in {@link #FAILURE_INTERVAL} after which the job fails instead of restarting. */
    static final int MAX_FAILURES = 10;

    static final Duration FAILURE_INTERVAL = Duration.ofMinutes(5);

    /** The longest a word's count waits in the combiner before the keyBy. */
    static final long MAX_COMBINE_MILLIS = 100;

    private StreamCountTopology() {}

    /**
     * Builds the dataflow on {@code env}: reads {@code source}, writes totals to {@code sink} and
     * what was not counted to {@code deadLetters}.
     */
    public static void build(
            StreamExecutionEnvironment env,
            Source<KafkaRecord, ?, ?> source,
            Duration flushInterval,
            CountSink sink,
            DeadLetterSink deadLetters) {
        build(env, source, flushInterval, Windowing.off(), null, sink, null, null, deadLetters);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Source, Duration, CountSink, DeadLetterSink)},
     * and with windows on, per-window counts to {@code windowSink} too.
     *
     * @param topic the input topic, named by dead letters of the window operator
     * @param windowSink where per-window counts go; unused with windows off
     * @param top where the job's top lists go (all-time, and each window's with windows on), or
     *     null for none
     */
    public static void build(
            StreamExecutionEnvironment env,
            Source<KafkaRecord, ?, ?> source,
            Duration flushInterval,
            Windowing windowing,
            String topic,
            CountSink sink,
            CountSink windowSink,
            TopSink top,
            DeadLetterSink deadLetters) {
        Duration combine =
                Duration.ofMillis(Math.min(flushInterval.toMillis(), MAX_COMBINE_MILLIS));
        WatermarkStrategy<KafkaRecord> watermarks =
                windowing.enabled()
                        ? WindowedCounts.watermarks(windowing)
                        : WatermarkStrategy.noWatermarks();
        SingleOutputStreamOperator<WordCount> words =
                env.fromSource(source, watermarks, "kafka-source")
                        .uid("kafka-source")
                        .transform(
                                "tokenize",
                                TypeInformation.of(WordCount.class),
                                chained(new TokenizeOperator(combine, windowing)))
                        .uid("tokenize");
        DataStream<DeadLetter> notCounted = words.getSideOutput(TokenizeOperator.DEAD_LETTERS);
        if (windowing.enabled()) {
            notCounted =
                    notCounted.union(
                            WindowedCounts.build(
                                    words.getSideOutput(TokenizeOperator.WINDOWED),
                                    windowing,
                                    topic,
                                    windowSink,
                                    top));
        }
        deadLetters.addTo(notCounted);
        SingleOutputStreamOperator<WordCount> totals =
                words.keyBy(wc -> wc.word, Types.STRING)
                        .transform(
                                "running-count",
                                TypeInformation.of(WordCount.class),
                                chained(
                                        new RunningCountOperator(
                                                flushInterval, top == null ? 0 : top.size())))
                        .uid("running-count");
        sink.addTo(totals);
        if (top != null) {
            top.addTo(totals.getSideOutput(RunningCountOperator.TOP_CANDIDATES));
        }
    }

    /**
     * Chains {@code operator} to the one before and after where the graph allows (Flink 1.20 starts
     * a new task for a custom operator; 2.x chains it): the source hands records straight to the
     * tokenizer, which object reuse then passes on without a copy. Safe: neither operator keeps a
     * record it was handed, nor changes one.
     */
    private static <I, O> OneInputStreamOperatorFactory<I, O> chained(
            OneInputStreamOperator<I, O> operator) {
        return new ChainedOperatorFactory<>(operator);
    }

    private static final class ChainedOperatorFactory<I, O> extends SimpleOperatorFactory<O>
            implements OneInputStreamOperatorFactory<I, O> {
        private static final long serialVersionUID = 1L;

        ChainedOperatorFactory(OneInputStreamOperator<I, O> operator) {
            super(operator);
            setChainingStrategy(ChainingStrategy.ALWAYS);
        }
    }

    /**
     * Applies the job's execution settings: exactly-once checkpointing, parallelism, state backend,
     * a bounded restart strategy unless the cluster set one, no Kryo fallback.
     */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(config.parallelism());
        // Exactly once, whatever the cluster's configuration says: in AT_LEAST_ONCE mode barriers
        // are not aligned, so the running count could snapshot records that arrived after its
        // barrier on one input; after a restore they would be replayed and counted twice, and
        // that double count committed as exact.
        env.enableCheckpointing(
                config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Configuration settings = new Configuration();
        settings.set(
                StateBackendOptions.STATE_BACKEND,
                config.stateBackend().name().toLowerCase(Locale.ROOT));
        if (env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
            // Unless the cluster chose a restart strategy: a permanent error (a deleted table,
            // access denied) fails every re-commit at once, so after MAX_FAILURES in
            // FAILURE_INTERVAL the job fails with its cause instead of restarting forever. An
            // outage is retried inside each commit for a minute, so it restarts at most once a
            // minute and never reaches that rate.
            settings.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
            settings.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
                    MAX_FAILURES);
            settings.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL,
                    FAILURE_INTERVAL);
            settings.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY,
                    Duration.ofSeconds(2));
        }
        // Every type on the hot path is a POJO or a basic type; fail instead of silently using
        // Kryo.
        settings.set(org.apache.flink.configuration.PipelineOptions.GENERIC_TYPES, false);
        // Safe: no operator here keeps or changes a record after handing it on (each keeps only the
        // immutable word Strings and counts it read), so chained operators may share instances
        // instead of deep-copying every record (the copy of a KafkaRecord copies its value bytes).
        settings.set(org.apache.flink.configuration.PipelineOptions.OBJECT_REUSE, true);
        env.configure(settings);
    }
}
