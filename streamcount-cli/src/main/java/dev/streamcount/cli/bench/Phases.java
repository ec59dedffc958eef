package dev.streamcount.cli.bench;

import dev.streamcount.job.config.JobConfig.Delivery;
import dev.streamcount.job.line.FlinkLine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Every phase, in the order they run. */
final class Phases {
    private Phases() {}

    static final Phase EXACTLY_ONCE_1S =
            new StreamcountPhase("exactly-once-1s", Delivery.EXACTLY_ONCE, Duration.ofSeconds(1));

    /** The tutorial's phase runs where its sink, the official DynamoDB sink, does: Flink 1.20. */
    static final List<Phase> ALL =
            Stream.of(
                            new KafkaCeiling(),
                            new CountCeiling(),
                            new TopListCost(),
                            new Tutorial(),
                            // Before any phase adds latency markers: its windows are the input's.
                            new WindowedPhase(),
                            new Naive(),
                            new StreamcountPhase(
                                    "at-least-once", Delivery.AT_LEAST_ONCE, Duration.ofSeconds(1)),
                            EXACTLY_ONCE_1S,
                            // The same without the kept top list: what keeping it costs.
                            new StreamcountPhase(
                                    "exactly-once-1s-no-top",
                                    Delivery.EXACTLY_ONCE,
                                    Duration.ofSeconds(1),
                                    0),
                            new StreamcountPhase(
                                    "exactly-once-5s",
                                    Delivery.EXACTLY_ONCE,
                                    Duration.ofSeconds(5)),
                            new DynamoDbCeiling(DynamoDbCeiling.Shape.BATCH),
                            new DynamoDbCeiling(DynamoDbCeiling.Shape.CONDITIONAL_PUT),
                            new DynamoDbCeiling(DynamoDbCeiling.Shape.CONDITIONAL_TRANSACT))
                    .filter(
                            p ->
                                    !p.name().equals(Tutorial.NAME)
                                            || FlinkLine.OFFICIAL_DYNAMODB_SINK)
                    .toList();

    static Optional<Phase> named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Whether the phase of that name must leave an exact table. */
    static boolean checked(String name) {
        return named(name).map(Phase::checked).orElse(false);
    }

    static List<String> names() {
        return ALL.stream().map(Phase::name).toList();
    }
}
