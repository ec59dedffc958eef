package dev.streamcount.job.config;

import picocli.CommandLine.Option;

/** Where the text comes from: Kafka flags, shared by the job and {@code streamcount produce}. */
public class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            defaultValue = JobConfig.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = JobConfig.DEFAULT_TOPIC,
            description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    String topic;

    public JobConfig applyTo(JobConfig base) {
        return base.withBootstrapServers(bootstrapServers).withTopic(topic);
    }
}
