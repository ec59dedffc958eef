package dev.streamcount.store;

import dev.streamcount.store.durable.DataDirInUseException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the store from the command line: {@code StoreMain [--port N] [--data-dir DIR |
 * --in-memory]}. Prints the endpoint, then serves until the process is stopped. With {@code
 * --data-dir} every acknowledged write survives a crash; without it (or with {@code --in-memory})
 * the tables live in memory only.
 */
public final class StoreMain {
    private static final String USAGE =
            "usage: StoreMain [--port N] [--data-dir DIR | --in-memory]";

    /** Exit status when the data directory is served by another store. */
    static final int EXIT_DATA_DIR_IN_USE = 3;

    private StoreMain() {}

    /**
     * The parsed command line.
     *
     * @param port the port, 8000 (DynamoDB Local's) by default
     * @param dataDir where the tables are kept, or null to keep them in memory
     */
    record Options(int port, Path dataDir) {}

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        StoreServer server;
        try {
            server =
                    options.dataDir() == null
                            ? StoreServer.start(options.port())
                            : StoreServer.start(options.port(), options.dataDir());
        } catch (DataDirInUseException e) {
            System.err.println(e.getMessage());
            System.exit(EXIT_DATA_DIR_IN_USE);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "store-shutdown"));
        PrintStream out = System.out;
        out.println(
                "streamcount-store listening on "
                        + server.endpoint()
                        + (options.dataDir() == null
                                ? " (in memory)"
                                : " (data in " + options.dataDir().toAbsolutePath() + ")"));
        stopped.await();
    }

    /** The port from the arguments; 8000 (DynamoDB Local's) by default. */
    static int parsePort(String[] args) {
        return parse(args).port();
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with a one-line message for a wrong argument
     */
    static Options parse(String[] args) {
        int port = 8000;
        Path dataDir = null;
        boolean inMemory = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-memory":
                    inMemory = true;
                    break;
                case "--data-dir":
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--data-dir needs a directory");
                    }
                    dataDir = Path.of(args[++i]);
                    break;
                case "--port":
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException("--port needs a value");
                    }
                    try {
                        port = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(
                                "--port must be a number 0-65535, got " + args[i]);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("Unknown argument: " + args[i]);
            }
        }
        if (inMemory && dataDir != null) {
            throw new IllegalArgumentException("--in-memory and --data-dir exclude each other");
        }
        return new Options(port, dataDir);
    }
}
