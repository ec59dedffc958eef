package dev.streamcount.store.http;

import static java.util.stream.Collectors.toUnmodifiableSet;

import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Decides whether a request may reach the store at all, by its {@code Host} and {@code Origin}
 * headers.
 *
 * <p>The store binds loopback only, but a web page in the user's browser can still reach loopback:
 * through DNS rebinding (an attacker's name resolving to 127.0.0.1, so the browser sends {@code
 * Host: evil.example}) or through a cross-origin request (which carries an {@code Origin}). A
 * DynamoDB client sends neither, so both are refused.
 *
 * <p>A store serving a container network (the compose file's) also accepts the names given as
 * {@code hostNames}: the service name its clients there use.
 */
final class LoopbackGuard {
    /** The port is only known once the connector is bound, after the handler exists. */
    private final IntSupplier port;

    private final Set<String> hostNames;

    LoopbackGuard(IntSupplier port, Set<String> hostNames) {
        this.port = port;
        this.hostNames =
                hostNames.stream()
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .collect(toUnmodifiableSet());
    }

    /** Why the request is refused, or null when it may proceed. */
    String refusal(String host, String origin) {
        int listening = port.getAsInt();
        if (host == null || !isAllowedName(host)) {
            return "Host header must name 127.0.0.1, localhost or [::1]"
                    + (hostNames.isEmpty() ? "" : " or " + String.join(", ", hostNames))
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

    /**
     * Whether {@code host} names loopback or one of {@code hostNames}. Only the name matters
     * against DNS rebinding (a page sends its own name); any port is accepted, as a client may come
     * through a local proxy or tunnel (the fault-injecting proxies of streamcount's tests do) and
     * name its port.
     */
    private boolean isAllowedName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        String name = colon > h.lastIndexOf(']') ? h.substring(0, colon) : h;
        return name.equals("127.0.0.1")
                || name.equals("localhost")
                || name.equals("[::1]")
                || hostNames.contains(name);
    }
}
