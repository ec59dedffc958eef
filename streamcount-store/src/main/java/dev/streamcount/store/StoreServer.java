package dev.streamcount.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.store.http.DynamoDbHandler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
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

    private StoreServer(Store store, Set<String> hostNames) {
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
        server.setHandler(
                new DynamoDbHandler(
                        mapper, store.operations(), connector::getLocalPort, hostNames));
    }

    /**
     * Starts an in-memory store on 127.0.0.1.
     *
     * @param port the port, or 0 for any free one
     */
    public static StoreServer start(int port) {
        return builder().port(port).start();
    }

    /**
     * Starts an in-memory store on 127.0.0.1 whose time-to-live expiry reads {@code clock}, so
     * tests can move time instead of waiting for it.
     *
     * @param port the port, or 0 for any free one
     */
    public static StoreServer start(int port, Clock clock) {
        return builder().port(port).clock(clock).start();
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
        return builder().port(port).dataDir(dataDir).start();
    }

    /** As {@link #start(int, Path)}, with time-to-live expiry reading {@code clock}. */
    public static StoreServer start(int port, Path dataDir, Clock clock) {
        return builder().port(port).dataDir(dataDir).clock(clock).start();
    }

    /** A store to configure: in memory on 127.0.0.1, on any free port, unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** How a store is started. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Clock clock = Clock.systemUTC();
        private String bindAddress = LOOPBACK;
        private Set<String> hostNames = Set.of();

        private Builder() {}

        /** The port, or 0 (the default) for any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(
                        "port must be 0 (any free port) or 1-65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Keeps the tables in {@code dataDir}, durably: a write is answered once it is synced. Null
         * (the default) keeps them in memory.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The clock time-to-live expiry reads. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * The address to listen on: 127.0.0.1 by default. Another one is for a container, whose
         * port its host publishes on its own loopback; anywhere else it opens the store (which
         * takes any credentials) to whoever can reach that address.
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress);
            return this;
        }

        /**
         * Names besides 127.0.0.1, localhost and [::1] that a request's {@code Host} may give: the
         * service name clients on a container network use. Any other is refused (against DNS
         * rebinding).
         */
        public Builder hostNames(Set<String> hostNames) {
            this.hostNames = Set.copyOf(hostNames);
            return this;
        }

        /**
         * Opens the store (loading a data dir's tables) and starts serving.
         *
         * @throws dev.streamcount.store.durable.DataDirInUseException if another store serves the
         *     data dir
         * @throws IllegalStateException if the server cannot listen (the cause says why)
         */
        public StoreServer start() {
            Store store = dataDir == null ? Store.inMemory(clock) : Store.durable(dataDir, clock);
            return serve(bindAddress, port, store, hostNames);
        }
    }

    private static StoreServer serve(String host, int port, Store store, Set<String> hostNames) {
        StoreServer server = new StoreServer(store, hostNames);
        server.connector.setHost(host);
        server.connector.setPort(port);
        server.server.addConnector(server.connector);
        try {
            server.server.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException(
                    "Could not start the store on " + host + ":" + port + ": " + e.getMessage(), e);
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
