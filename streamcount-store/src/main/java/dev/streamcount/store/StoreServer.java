package dev.streamcount.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.http.DynamoDbHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A DynamoDB-compatible store served over HTTP on 127.0.0.1 only.
 *
 * <p>{@code try (StoreServer store = StoreServer.start(0)) {
 * client.endpointOverride(store.endpoint()) }} gives any DynamoDB client (AWS SDK, aws-cli) an
 * empty in-memory store on a free port.
 */
public final class StoreServer implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final Server server;
    private final ServerConnector connector;
    private final Store store;

    private StoreServer(Store store) {
        this.store = store;
        // A durable request holds its thread while it waits for the group commit, and the more
        // requests wait together the fewer syncs they need: leave room for many in flight.
        QueuedThreadPool threads = new QueuedThreadPool(256, 4);
        threads.setName("store-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // Nothing about the implementation is anyone's business.
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        ObjectMapper mapper = new ObjectMapper();
        server.setHandler(new DynamoDbHandler(mapper, store.operations(), connector::getLocalPort));
    }

    /**
     * Starts an in-memory store on 127.0.0.1.
     *
     * @param port the port, or 0 for any free one
     */
    public static StoreServer start(int port) {
        return start(port, Clock.systemUTC());
    }

    /**
     * Starts an in-memory store on 127.0.0.1 whose time-to-live expiry reads {@code clock}, so
     * tests can move time instead of waiting for it.
     *
     * @param port the port, or 0 for any free one
     */
    public static StoreServer start(int port, Clock clock) {
        checkPort(port);
        return serve(port, Store.inMemory(clock));
    }

    /**
     * Starts a durable store on 127.0.0.1 keeping its tables in {@code dataDir}: loads what is
     * there, then serves; a write is answered only once it is synced to disk.
     *
     * @param port the port, or 0 for any free one
     * @throws dev.streamcount.store.durable.DataDirInUseException if another store serves the
     *     directory
     */
    public static StoreServer start(int port, Path dataDir) {
        return start(port, dataDir, Clock.systemUTC());
    }

    /** As {@link #start(int, Path)}, with time-to-live expiry reading {@code clock}. */
    public static StoreServer start(int port, Path dataDir, Clock clock) {
        checkPort(port);
        return serve(port, Store.durable(dataDir, clock));
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "port must be 0 (any free port) or 1-65535, got " + port);
        }
    }

    private static StoreServer serve(int port, Store store) {
        StoreServer server = new StoreServer(store);
        server.connector.setHost(LOOPBACK);
        server.connector.setPort(port);
        server.server.addConnector(server.connector);
        try {
            server.server.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException(
                    "Could not start the store on " + LOOPBACK + ":" + port + ": " + e.getMessage(),
                    e);
        }
        server.store.start();
        return server;
    }

    /** The port the store listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The endpoint to give a DynamoDB client: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://" + LOOPBACK + ":" + port());
    }

    /** The store behind the server: its tables, and the time-to-live sweep. */
    public Store store() {
        return store;
    }

    /**
     * Stops serving, then closes the store: an in-memory store's tables are gone, a durable store's
     * pending writes are committed and its files closed.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the store: " + e.getMessage(), e);
        } finally {
            store.close();
        }
    }
}
