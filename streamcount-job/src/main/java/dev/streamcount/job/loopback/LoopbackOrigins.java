package dev.streamcount.job.loopback;

import java.util.Locale;

/**
 * Which {@code Host} and {@code Origin} headers name a loopback endpoint itself: {@code 127.0.0.1},
 * {@code localhost} or {@code [::1]} with the port the request came in on. Every HTTP endpoint
 * streamcount serves on loopback answers only those, so a web page whose DNS name was rebound to
 * 127.0.0.1 (it sends its own name) or a page elsewhere (its browser sends its origin) is refused.
 */
public final class LoopbackOrigins {
    private static final String[] HOSTS = {"127.0.0.1", "localhost", "[::1]"};

    private LoopbackOrigins() {}

    /**
     * Whether {@code host}, a {@code Host} header, names this machine's loopback at {@code port}.
     */
    public static boolean isOwnHost(String host, int port) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        for (String own : HOSTS) {
            if (h.equals(own + ":" + port) || (port == 80 && h.equals(own))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code origin}, an {@code Origin} header, is {@code http://<own host>:port}. */
    public static boolean isOwnOrigin(String origin, int port) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.startsWith("http://") && isOwnHost(o.substring("http://".length()), port);
    }
}
