package dev.streamcount.job;

import picocli.CommandLine.Option;

/** Where the text comes from: Kafka flags, shared by the job and {@code streamcount produce}. */
public class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description =
                    "Kafka bootstrap servers (default: "
                            + JobConfig.DEFAULT_BOOTSTRAP_SERVERS
                            + ").")
    String bootstrapServers;

    @Option(
            names = "--topic",
            description = "Kafka topic (default: " + JobConfig.DEFAULT_TOPIC + ").")
    String topic;

    @Option(
            names = "--dead-letter-topic",
            description =
                    "Where skipped records and oversize words are reported, as JSON (default:"
                            + " <topic>-dlq).")
    String deadLetterTopic;

    public JobConfig applyTo(JobConfig base) {
        JobConfig c = base;
        if (deadLetterTopic != null) c = c.withDeadLetterTopic(deadLetterTopic);
        if (bootstrapServers != null) c = c.withBootstrapServers(bootstrapServers);
        if (topic != null) c = c.withTopic(topic);
        return c;
    }
}
