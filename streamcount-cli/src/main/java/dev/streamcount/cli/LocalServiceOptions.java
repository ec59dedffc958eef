package dev.streamcount.cli;

import picocli.CommandLine.Option;

/**
 * The ports of the services {@code local} and {@code demo} run in this JVM. Their defaults differ
 * (the tutorial's ports for {@code local}, any free port for {@code demo}) and come from each
 * command's default value provider.
 */
class LocalServiceOptions {

    @Option(
            names = "--kafka-port",
            description = "Kafka port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--dynamodb-port",
            description = "DynamoDB Local port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int dynamoPort;

    @Option(
            names = "--web-port",
            description = "Flink web UI port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int webPort;
}
