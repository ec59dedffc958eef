package dev.streamcount.store;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the store from the command line: {@code StoreMain [--port N] [--in-memory]}. Prints the
 * endpoint, then serves until the process is stopped.
 */
public final class StoreMain {
    private StoreMain() {}

    /** Entry point. */
    public static void main(String[] args) throws InterruptedException {
        int port;
        try {
            port = parsePort(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: StoreMain [--port N] [--in-memory]");
            System.exit(2);
            return;
        }
        StoreServer server = StoreServer.start(port);
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
        out.println("streamcount-store listening on " + server.endpoint() + " (in memory)");
        stopped.await();
    }

    /** The port from the arguments; 8000 (DynamoDB Local's) by default. */
    static int parsePort(String[] args) {
        int port = 8000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-memory":
                    // The only mode of this slice; accepted so scripts can say it explicitly.
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
        return port;
    }
}
