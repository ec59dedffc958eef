package dev.streamcount.cli;

import dev.streamcount.local.Ports;
import picocli.CommandLine;
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
            description = "DynamoDB store port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int dynamoPort;

    @Option(
            names = "--web-port",
            description = "Flink web UI port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int webPort;

    @Option(
            names = "--dashboard-port",
            description =
                    "Dashboard port on 127.0.0.1; 0 for any free one, -1 for no dashboard"
                            + " (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    /** Resolves the dashboard's port before anything starts: -1 for none. */
    int claimDashboardPort(CommandLine command) {
        if (dashboardPort < -1 || dashboardPort > 65535) {
            throw new CommandLine.ParameterException(
                    command,
                    "--dashboard-port must be a port, 0 for any free one or -1 for none, not "
                            + dashboardPort);
        }
        return dashboardPort == -1 ? -1 : Ports.claim("dashboard", dashboardPort);
    }
}
