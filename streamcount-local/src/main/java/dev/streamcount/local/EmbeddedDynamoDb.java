package dev.streamcount.local;

import dev.streamcount.store.StoreServer;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamoDB-compatible store ({@code streamcount-store}) running inside this JVM on 127.0.0.1:
 * durable in a directory, or in memory. It takes any access key and region, and every one of them
 * sees the same tables (aws-cli with any dummy credentials finds them).
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDynamoDb.class);

    /** What a port conflict or a log line calls this service. */
    public static final String NAME = "DynamoDB store";

    private final int port;
    private final Path dbPath;
    private StoreServer server;

    private EmbeddedDynamoDb(int port, Path dbPath) {
        this.port = port;
        this.dbPath = dbPath;
    }

    /**
     * Starts the store on 127.0.0.1:{@code port} (0 = any free port), keeping tables in {@code
     * dbPath} (a write is answered once it is synced there), or in memory if it is null.
     *
     * @throws PortInUseException if the port is taken
     * @throws dev.streamcount.store.durable.DataDirInUseException if another store serves {@code
     *     dbPath}
     */
    public static EmbeddedDynamoDb start(int port, Path dbPath) {
        EmbeddedDynamoDb db = new EmbeddedDynamoDb(Ports.claim(NAME, port), dbPath);
        db.startServer();
        return db;
    }

    private void startServer() {
        try {
            server = dbPath == null ? StoreServer.start(port) : StoreServer.start(port, dbPath);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof BindException
                    || e.getCause() != null && e.getCause().getCause() instanceof BindException) {
                throw new PortInUseException(NAME, port);
            }
            throw e;
        }
        LOG.info(
                "{} listening on {} ({})", NAME, endpoint(), dbPath == null ? "in memory" : dbPath);
    }

    public URI endpoint() {
        return URI.create("http://" + Ports.LOOPBACK + ":" + port);
    }

    public int port() {
        return port;
    }

    /**
     * Stops serving (an outage, as far as clients can tell). Tables on disk are kept, and every
     * write answered before is in them; tables in memory are gone.
     */
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts it again on the same port (and directory) after {@link #stop()}. */
    public void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }
}
