package dev.streamcount.cli;

import dev.streamcount.cli.dashboard.DashboardServer;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.DurationConverter;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.PipelineOptions;
import dev.streamcount.job.error.StreamCountException;
import dev.streamcount.local.EmbeddedDynamoDb;
import dev.streamcount.local.EmbeddedKafka;
import dev.streamcount.local.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "local",
        defaultValueProvider = LocalCommand.Defaults.class,
        mixinStandardHelpOptions = true,
        description = {
            "Run Kafka, a DynamoDB store and the job in this JVM until Ctrl-C. Any Kafka client can"
                    + " write",
            "to the topic; aws-cli with any dummy credentials reads the table."
        })
class LocalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin PipelineOptions pipeline = new PipelineOptions();

    @Option(
            names = "--data-dir",
            description = "Kafka log and DynamoDB tables live here (default: ${DEFAULT-VALUE}).",
            defaultValue = "data")
    Path dataDir;

    @Mixin LocalServiceOptions ports = new LocalServiceOptions();

    @Option(
            names = "--topic",
            description = "Topic to count (default: ${DEFAULT-VALUE}).",
            defaultValue = JobConfig.DEFAULT_TOPIC)
    String topic;

    @Option(
            names = "--table",
            description = "DynamoDB table (default: ${DEFAULT-VALUE}).",
            defaultValue = JobConfig.DEFAULT_TABLE)
    String table;

    @Option(
            names = "--fresh",
            description =
                    "Start without the saved state: delete the data dir's checkpoints and"
                            + " savepoints and count the topic from its beginning (the table keeps"
                            + " each total until the recount passes it).")
    boolean fresh;

    @Option(
            names = "--status-interval",
            converter = DurationConverter.class,
            description =
                    "Print a status line this often when something changed (default: 10s; 0 for"
                            + " never).",
            defaultValue = "10s")
    java.time.Duration statusInterval;

    @Option(
            names = "--min-free-space",
            paramLabel = "SIZE",
            converter = DiskSpace.SizeConverter.class,
            description =
                    "Free space the data dir needs to start; running, local stops with a savepoint"
                            + " below a quarter of it (default: ${DEFAULT-VALUE}).",
            defaultValue = "256mb")
    long minFreeSpace;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch shutDown = new CountDownLatch(1);
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile String diskFull;
    private volatile SnapshotSettings settings;
    private volatile DashboardServer dashboard;
    private LocalState.Snapshot resumedFrom;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrivateDir.secureDataDir(dataDir, spec.commandLine().getErr());
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            return run(out);
        }
    }

    private int run(PrintWriter out) throws Exception {
        DiskSpace.checkAtStart(dataDir, minFreeSpace);
        JobConfig base = pipeline.applyTo(JobConfig.defaults()).withTopic(topic).withTable(table);
        if (ports.webPort != 0) {
            Ports.claim("Flink web UI", ports.webPort); // in use: say so before starting anything
        }
        int dashboardPort = ports.claimDashboardPort(spec.commandLine());
        LocalState state = new LocalState(dataDir);
        Optional<String> upgrade = DynamoDbLocalUpgrade.detect(dataDir.resolve("dynamodb"), topic);
        if (upgrade.isPresent()) {
            state.pruneAll(); // before the store's file exists: a later start must not resume
            out.println(upgrade.get());
        }
        EmbeddedDynamoDb dynamo =
                EmbeddedDynamoDb.start(ports.dynamoPort, dataDir.resolve("dynamodb"));
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafkaPort);
        } catch (RuntimeException | IOException e) {
            dynamo.close();
            throw e;
        }
        // Any free port only once Kafka and the DynamoDB store hold theirs: a port just released
        // (such
        // as the Kafka controller port a restart reuses) is often the next one handed out.
        int web = ports.webPort != 0 ? ports.webPort : Ports.free();
        JobClient job;
        JobConfig config =
                base.withBootstrapServers(kafka.bootstrapServers())
                        .withDynamoDbEndpoint(dynamo.endpoint());
        if (upgrade.isPresent()) {
            // The recount the line promises, whatever --starting-offsets says.
            config = config.withStartingOffsets(JobConfig.StartingOffsets.EARLIEST);
        }
        settings = SnapshotSettings.of(config);
        try {
            Optional<LocalState.Snapshot> resume =
                    state.resumable(
                            settings,
                            new LocalState.JobConfigView(config.topic(), config.table()),
                            fresh || upgrade.isPresent());
            kafka.createTopic(config.topic(), 2);
            job =
                    StreamCountJob.start(
                            LocalFlink.environment(
                                    config.parallelism(),
                                    web,
                                    state.checkpointDir(),
                                    resume.map(LocalState.Snapshot::dir).orElse(null)),
                            config);
            state.recordJob(job.getJobID().toString(), settings);
            state.pruneOnceCheckpointed(job.getJobID().toString());
            resumedFrom = resume.orElse(null);
        } catch (Exception e) {
            kafka.close();
            dynamo.close();
            throw e;
        }
        DashboardServer dashboard;
        try {
            dashboard = DashboardServer.startFor(dashboardPort, config, web);
        } catch (Exception e) {
            job.cancel();
            kafka.close();
            dynamo.close();
            throw new StreamCountException(
                    "Could not start the dashboard on 127.0.0.1:"
                            + dashboardPort
                            + ": "
                            + Main.ERRORS.describe(e),
                    e);
        }
        this.dashboard = dashboard;
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> shutdown(job, state, kafka, dynamo), "streamcount-shutdown"));
        DiskSpace disk =
                DiskSpace.watch(
                        dataDir,
                        minFreeSpace,
                        free -> {
                            diskFull =
                                    "The disk of the data dir "
                                            + dataDir.toAbsolutePath()
                                            + " is nearly full ("
                                            + DiskSpace.format(free)
                                            + " free; local stops below "
                                            + DiskSpace.format(minFreeSpace / 4)
                                            + "): stopped; free some space and start again to"
                                            + " resume where it stopped";
                            // Kafka first: producers must stop filling the disk while the
                            // job stops with its savepoint, which needs neither.
                            kafka.close();
                            shutdown(job, state, kafka, dynamo);
                        });
        LocalBanner.print(
                out, config, kafka, dynamo, web, dashboard == null ? null : dashboard.url());
        out.println(
                resumedFrom != null
                        ? resumedFrom.describe()
                        : "Fresh start: counting topic '"
                                + config.topic()
                                + "' from its earliest offset");
        out.flush();
        ScheduledExecutorService status =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "streamcount-status");
                            t.setDaemon(true);
                            return t;
                        });
        if (!statusInterval.isZero()) {
            String[] last = {""};
            status.scheduleAtFixedRate(
                    () -> {
                        String line = StatusMetrics.statusLine();
                        if (!line.equals(last[0])) {
                            last[0] = line;
                            out.println(line);
                            out.flush();
                        }
                    },
                    statusInterval.toMillis(),
                    statusInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        try {
            job.getJobExecutionResult().get();
        } catch (Exception e) {
            if (stopped.getCount() != 0 && !Thread.currentThread().isInterrupted()) {
                throw new StreamCountException("The job failed: " + Main.ERRORS.describe(e), e);
            }
        } finally {
            status.shutdownNow();
            disk.close();
        }
        if (diskFull != null) {
            // Services closed and the savepoint taken before the one line and the exit code.
            shutDown.await(120, TimeUnit.SECONDS);
            throw new StreamCountException(diskFull);
        }
        return 0;
    }

    /** Stops the job with a savepoint and the services, once: Ctrl-C, SIGTERM or a full disk. */
    private void shutdown(
            JobClient job, LocalState state, EmbeddedKafka kafka, EmbeddedDynamoDb dynamo) {
        if (!shuttingDown.compareAndSet(false, true)) {
            try {
                shutDown.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            stopJobAndServices(job, state, kafka, dynamo);
        } finally {
            shutDown.countDown();
        }
    }

    private void stopJobAndServices(
            JobClient job, LocalState state, EmbeddedKafka kafka, EmbeddedDynamoDb dynamo) {
        stopped.countDown();
        if (dashboard != null) {
            dashboard.close();
        }
        System.err.println("\nstreamcount: stopping the job with a final savepoint...");
        try {
            // The savepoint's totals are committed before the job ends; the next start resumes from
            // it.
            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    state.savepointDir().toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
            System.err.println("streamcount: savepoint " + savepoint);
            state.recordSavepoint(savepoint, settings);
        } catch (Exception e) {
            System.err.println(
                    "streamcount: no final savepoint ("
                            + Main.ERRORS.describe(e)
                            + "); the next start resumes from the last retained checkpoint");
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Already finished or failed; nothing more to stop.
            }
        }
        kafka.close();
        try {
            dynamo.close();
        } catch (Exception e) {
            System.err.println("streamcount: stopping the DynamoDB store: " + e.getMessage());
        }
        System.err.println("streamcount: stopped; data kept in " + dataDir.toAbsolutePath());
    }

    /** The tutorial's ports, and checkpoints every second so totals show up within about 1 s. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--kafka-port" -> "19092";
                case "--dynamodb-port" -> "8000";
                case "--web-port" -> "8081";
                case "--dashboard-port" -> "8082";
                case "--checkpoint-interval" -> JobConfig.LOCAL_CHECKPOINT_INTERVAL;
                default -> null;
            };
        }
    }
}
