package dev.streamcount.job.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * Where the job's own metrics live: one group, named {@value #GROUP} because Amazon Managed Service
 * for Apache Flink sends to CloudWatch only the metrics registered under a group of that name.
 * Elsewhere (the web UI, any Flink reporter) they show as {@code
 * <operator>.kinesisanalytics.<name>}.
 */
public final class StreamCountMetrics {

    /** The group name Managed Service for Apache Flink exports to CloudWatch. */
    public static final String GROUP = "kinesisanalytics";

    private StreamCountMetrics() {}

    /** The job's metric group under an operator's (or committer's) group. */
    public static MetricGroup of(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }
}
