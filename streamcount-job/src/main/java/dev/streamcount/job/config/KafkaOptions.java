package dev.streamcount.job.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client settings as a Java properties file, as Kafka's own tools take"
                            + " (--command-config): security.protocol, sasl.*, ssl.*. Applied to"
                            + " every Kafka client. Put secrets here, not on the command line.")
    Path kafkaConfig;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "One Kafka client setting, over --kafka-config; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    public JobConfig applyTo(JobConfig base) {
        return base.withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKafkaClient(
                        base.kafkaClient()
                                .with(
                                        KafkaClientSettings.load(kafkaConfig, kafkaProperties)
                                                .values()));
    }
}
