package dev.streamcount.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.http.DynamoDbHandler;
import java.net.URI;
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
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
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
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "port must be 0 (any free port) or 1-65535, got " + port);
        }
        StoreServer server = new StoreServer(Store.inMemory(clock));
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

    /** Stops serving and discards the in-memory tables. */
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
