package dev.streamcount.job.config;

import picocli.CommandLine.Mixin;

/**
 * The job's command-line flags, shared by the cluster entry point and {@code streamcount job}.
 * Every default is {@link JobConfig}'s, shown in the help by picocli.
 */
public class JobOptions {

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Mixin DynamoOptions dynamo = new DynamoOptions();

    @Mixin PipelineOptions pipeline = new PipelineOptions();

    /** The configuration these flags describe. */
    public JobConfig toConfig() {
        return pipeline.applyTo(dynamo.applyTo(kafka.applyTo(JobConfig.defaults())));
    }
}
