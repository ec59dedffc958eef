package dev.streamcount.store.conformance;

import java.net.URI;

/**
 * A running server that speaks DynamoDB's JSON protocol: dynalite, the reference, or the store
 * under test. The suite sees both only through this seam, so it can run against dynalite alone (to
 * check its own requests) and never needs to know how either is started.
 */
interface ConformanceTarget extends AutoCloseable {

    /** A short name for failure messages: "dynalite" or "store". */
    String name();

    /** Where to POST requests, e.g. {@code http://127.0.0.1:4567/}. */
    URI endpoint();

    /** Stops the server. */
    @Override
    void close();
}
