package dev.streamcount.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DynamoDB Local running inside this JVM on 127.0.0.1, with {@code -sharedDb} so every access key
 * and region sees the same tables (aws-cli with any dummy credentials finds them).
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDynamoDb.class);

    /**
     * Held so the level sticks: sqlite4java warns "unknown jar version" through java.util.logging.
     */
    private static final java.util.logging.Logger SQLITE_LOG =
            java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    static {
        // A filter, not a level: sqlite4java resets its logger's level when it loads.
        SQLITE_LOG.setFilter(
                r -> r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue());
    }

    private final int port;
    private final Path dbPath;
    private DynamoDBProxyServer server;

    private EmbeddedDynamoDb(int port, Path dbPath) {
        this.port = port;
        this.dbPath = dbPath;
    }

    /**
     * Starts DynamoDB Local on 127.0.0.1:{@code port} (0 = any free port), keeping tables in {@code
     * dbPath}, or in memory if it is null.
     */
    public static EmbeddedDynamoDb start(int port, Path dbPath) throws Exception {
        EmbeddedDynamoDb db = new EmbeddedDynamoDb(Ports.claim("DynamoDB Local", port), dbPath);
        db.startServer();
        return db;
    }

    private void startServer() throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        if (dbPath == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dbPath);
            args.addAll(List.of("-dbPath", dbPath.toAbsolutePath().toString()));
        }
        DynamoDBProxyServer s =
                withStdoutToLog(
                        () ->
                                ServerRunner.createServerFromCommandLineArgs(
                                        args.toArray(String[]::new)));
        bindLoopbackOnly(s);
        try {
            s.start();
        } catch (IOException e) {
            throw new PortInUseException("DynamoDB Local", port);
        }
        server = s;
        LOG.info(
                "DynamoDB Local listening on {} ({})",
                endpoint(),
                dbPath == null ? "in memory" : dbPath);
    }

    private interface Action<T> {
        T run() throws Exception;
    }

    /** DynamoDB Local prints its configuration banner on System.out; send it to the log instead. */
    private static <T> T withStdoutToLog(Action<T> action) throws Exception {
        PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return action.run();
        } finally {
            System.setOut(stdout);
            LOG.debug("DynamoDB Local: {}", captured.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * DynamoDB Local's Jetty listens on all interfaces and offers no host option; set its
     * connector's host to 127.0.0.1 before it starts so nothing outside this machine can reach it,
     * and put a {@link LoopbackGuard} in front of it so no web page on this machine can either.
     */
    private static void bindLoopbackOnly(DynamoDBProxyServer proxy)
            throws ReflectiveOperationException {
        Field f = DynamoDBProxyServer.class.getDeclaredField("server");
        f.setAccessible(true);
        Server jetty = (Server) f.get(proxy);
        for (Connector c : jetty.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setHost(Ports.LOOPBACK);
            }
        }
        jetty.setHandler(new LoopbackGuard(jetty.getHandler()));
    }

    public URI endpoint() {
        return URI.create("http://" + Ports.LOOPBACK + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Stops the server (an outage, as far as clients can tell); its file database is kept. */
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Starts it again on the same port after {@link #stop()}. */
    public void restart() throws Exception {
        stop();
        startServer();
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
