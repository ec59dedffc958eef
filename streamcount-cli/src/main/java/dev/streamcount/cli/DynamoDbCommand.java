package dev.streamcount.cli;

import dev.streamcount.job.error.StreamCountException;
import dev.streamcount.store.StoreServer;
import dev.streamcount.store.durable.DataDirInUseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code streamcount dynamodb}: the DynamoDB-compatible store alone, what the tutorial's
 * docker-compose ran DynamoDB Local for. Serves until Ctrl-C or SIGTERM.
 */
@Command(
        name = "dynamodb",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the DynamoDB-compatible store alone on 127.0.0.1 until Ctrl-C: any DynamoDB"
                    + " client with",
            "any access key and region uses it. Durable in --data-dir unless --in-memory."
        })
class DynamoDbCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            description = "Port on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "8000")
    int port;

    @Option(
            names = "--data-dir",
            description =
                    "Tables live here; a write is answered once it is synced to disk (default:"
                            + " ${DEFAULT-VALUE}, where local keeps them).",
            defaultValue = "data/dynamodb")
    Path dataDir;

    @Option(
            names = "--in-memory",
            description = "Keep the tables in memory only: gone when the store stops.")
    boolean inMemory;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}). Another one only in a"
                            + " container whose port the host publishes on its loopback: the store"
                            + " takes any credentials.",
            defaultValue = "127.0.0.1")
    String bind;

    @Option(
            names = "--host-name",
            paramLabel = "NAME",
            description =
                    "A name clients may give in the Host header besides 127.0.0.1, localhost"
                            + " and [::1] (a compose service name); repeatable. Other names are"
                            + " refused, against DNS rebinding.")
    List<String> hostNames = new ArrayList<>();

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "--port must be 0 (any free port) or 1-65535");
        }
        if (inMemory && spec.commandLine().getParseResult().hasMatchedOption("--data-dir")) {
            throw new ParameterException(
                    spec.commandLine(), "--in-memory and --data-dir exclude each other");
        }
        if (!inMemory && DynamoDbLocalUpgrade.detect(dataDir, "input").isPresent()) {
            // Serving it now would create the store's files, and local would no longer see that
            // the tables still have to be recounted.
            throw new StreamCountException(
                    dataDir.resolve(DynamoDbLocalUpgrade.DYNAMODB_LOCAL_FILE)
                            + " holds DynamoDB Local's tables: start streamcount local on its data"
                            + " dir once to recount them into the store, or give another"
                            + " --data-dir");
        }
        StoreServer store;
        try {
            store =
                    StoreServer.builder()
                            .port(port)
                            .dataDir(inMemory ? null : dataDir)
                            .bindAddress(bind)
                            .hostNames(Set.copyOf(hostNames))
                            .start();
        } catch (IllegalStateException e) {
            boolean bind = false;
            for (Throwable t = e.getCause(); t != null && !bind; t = t.getCause()) {
                bind = t instanceof java.net.BindException;
            }
            throw new StreamCountException(
                    bind && port != 0
                            ? e.getMessage() + " (change the port with --port)"
                            : "Could not start the store: " + Main.ERRORS.describe(e),
                    e);
        } catch (DataDirInUseException e) {
            throw new StreamCountException(e.getMessage(), e);
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    store.close();
                                    stopped.countDown();
                                },
                                "streamcount-dynamodb-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "streamcount dynamodb: serving %s (%s; any access key and region see the same"
                        + " tables)%n",
                bind.equals("127.0.0.1") ? store.endpoint() : "http://" + bind + ":" + store.port(),
                inMemory ? "in memory" : "durable in " + dataDir.toAbsolutePath());
        out.printf(
                "  AWS_DEFAULT_REGION=region AWS_ACCESS_KEY_ID=id AWS_SECRET_ACCESS_KEY=key aws"
                        + " dynamodb list-tables --endpoint-url http://localhost:%d%n",
                store.port());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
