package dev.streamcount.store.conformance;

import dev.streamcount.store.StoreServer;
import java.net.URI;

/** The store under test, started in memory on a free loopback port. */
final class StoreTarget implements ConformanceTarget {

    private final StoreServer server;

    private StoreTarget(StoreServer server) {
        this.server = server;
    }

    static StoreTarget start() {
        return new StoreTarget(StoreServer.start(0));
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public URI endpoint() {
        return server.endpoint();
    }

    @Override
    public void close() {
        server.close();
    }
}
