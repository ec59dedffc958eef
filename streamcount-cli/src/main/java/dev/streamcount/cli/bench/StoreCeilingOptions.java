package dev.streamcount.cli.bench;

import dev.streamcount.job.config.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.FileUtils;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code bench --store-ceilings} and its options: the write ceilings of streamcount-store, in
 * memory and durable, per write shape ({@link StoreCeilings}), instead of the pipeline phases.
 */
final class StoreCeilingOptions {
    @Option(
            names = "--store-ceilings",
            description =
                    "Instead of the phases: write ceilings of every write shape against the"
                            + " store, in memory and durable, through the SDK's async client (no"
                            + " Kafka, no Flink).")
    boolean storeCeilings;

    @Option(
            names = "--store-backends",
            split = ",",
            paramLabel = "BACKEND",
            description =
                    "With --store-ceilings: backends, comma-separated (default: both): store"
                            + " (in memory), store-disk (durable).")
    List<String> storeBackends;

    @Option(
            names = "--store-shapes",
            split = ",",
            paramLabel = "SHAPE",
            description =
                    "With --store-ceilings: write shapes, comma-separated (default: all): put"
                            + " (PutItem, fenced, 64 in flight), batch (BatchWriteItem of 25, 8 in"
                            + " flight), transact (TransactWriteItems of 100 fenced puts, 4 in"
                            + " flight), update (UpdateItem, fenced, 64 in flight).")
    List<String> storeShapes;

    @Option(
            names = "--store-rounds",
            description =
                    "With --store-ceilings: rounds of every shape on every backend; the median is"
                            + " reported (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int storeRounds;

    @Option(
            names = "--store-warmup",
            converter = DurationConverter.class,
            description =
                    "With --store-ceilings: writing before each measured window (default:"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = "1s")
    Duration storeWarmup;

    @Option(
            names = "--store-window",
            converter = DurationConverter.class,
            description =
                    "With --store-ceilings: the measured window of each measurement (default:"
                            + " ${DEFAULT-VALUE}).",
            defaultValue = "3s")
    Duration storeWindow;

    /**
     * Checks the options, runs every shape on every backend, prints the table and writes it to
     * {@code output} if given; the exit code (1 if a table was not verified).
     */
    int run(CommandLine cl, Path output) throws Exception {
        List<StoreBackend> backends = new ArrayList<>();
        for (String id : storeBackends == null ? StoreBackend.ids() : storeBackends) {
            StoreBackend b =
                    StoreBackend.named(id)
                            .orElseThrow(
                                    () ->
                                            new ParameterException(
                                                    cl,
                                                    "Unknown backend '"
                                                            + id
                                                            + "' for --store-backends; backends"
                                                            + " are "
                                                            + String.join(
                                                                    ", ", StoreBackend.ids())));
            backends.add(b);
        }
        List<WriteLoad.Shape> shapes = new ArrayList<>();
        for (String id :
                storeShapes == null ? List.of("put", "batch", "transact", "update") : storeShapes) {
            WriteLoad.Shape s = WriteLoad.Shape.named(id);
            if (s == null) {
                throw new ParameterException(
                        cl,
                        "Unknown shape '"
                                + id
                                + "' for --store-shapes; shapes are put, batch, transact,"
                                + " update");
            }
            shapes.add(s);
        }
        if (storeRounds < 1 || storeWindow.isZero() || storeWindow.isNegative()) {
            throw new ParameterException(
                    cl, "--store-rounds must be at least 1 and --store-window positive");
        }
        PrintWriter out = cl.getOut();
        out.printf(
                "streamcount bench --store-ceilings: %d cores, Java %s, max heap %d MiB; %d"
                        + " round(s) of %s warm-up + %s measured per shape and backend, all in"
                        + " this JVM%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20,
                storeRounds,
                storeWarmup,
                storeWindow);
        out.flush();
        Path dir = Files.createTempDirectory("streamcount-bench");
        try {
            StoreCeilings.Outcome outcome =
                    new StoreCeilings(
                                    new StoreCeilings.Settings(
                                            backends,
                                            shapes,
                                            storeRounds,
                                            storeWarmup,
                                            storeWindow),
                                    out)
                            .run(dir);
            out.println();
            out.print(outcome.table());
            out.println(
                    outcome.verified()
                            ? "every table verified"
                            : "some table NOT verified (see the lines above)");
            if (output != null) {
                Files.writeString(output, outcome.table());
            }
            return outcome.verified() ? 0 : 1;
        } finally {
            FileUtils.deleteDirectoryQuietly(dir.toFile());
        }
    }
}
