package dev.streamcount.store.http;

import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Decides whether a request may reach the store at all, by its {@code Host} and {@code Origin}
 * headers.
 *
 * <p>The store binds loopback only, but a web page in the user's browser can still reach loopback:
 * through DNS rebinding (an attacker's name resolving to 127.0.0.1, so the browser sends {@code
 * Host: evil.example}) or through a cross-origin request (which carries an {@code Origin}). A
 * DynamoDB client sends neither, so both are refused.
 */
final class LoopbackGuard {
    /** The port is only known once the connector is bound, after the handler exists. */
    private final IntSupplier port;

    LoopbackGuard(IntSupplier port) {
        this.port = port;
    }

    /** Why the request is refused, or null when it may proceed. */
    String refusal(String host, String origin) {
        int listening = port.getAsInt();
        if (host == null || !isLoopbackAuthority(host, listening)) {
            return "Host header must be 127.0.0.1:"
                    + listening
                    + ", localhost:"
                    + listening
                    + " or [::1]:"
                    + listening
                    + ", got: "
                    + host;
        }
        if (origin != null
                && !origin.equalsIgnoreCase("http://127.0.0.1:" + listening)
                && !origin.equalsIgnoreCase("http://localhost:" + listening)) {
            return "Cross-origin requests are not allowed, got Origin: " + origin;
        }
        return null;
    }

    private static boolean isLoopbackAuthority(String host, int port) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || !host.substring(colon + 1).equals(Integer.toString(port))) {
            return false;
        }
        String name = host.substring(0, colon).toLowerCase(Locale.ROOT);
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
    }
}
