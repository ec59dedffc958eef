package dev.streamcount.job;

import picocli.CommandLine.Mixin;

/**
 * The job's command-line flags, shared by the cluster entry point ({@link StreamCountJob}) and
 * {@code streamcount job}. Unset flags fall back to {@link JobConfig}'s defaults.
 */
public class JobOptions {

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Mixin DynamoOptions dynamo = new DynamoOptions();

    @Mixin PipelineOptions pipeline = new PipelineOptions();

    /** The configuration these flags describe, over {@code base} for every flag not given. */
    public JobConfig applyTo(JobConfig base) {
        return pipeline.applyTo(dynamo.applyTo(kafka.applyTo(base)));
    }
}
