package dev.streamcount.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * In front of the embedded DynamoDB endpoint: answers only requests that name this loopback
 * endpoint itself and that no web page made. DynamoDB Local accepts any key and any {@code Host},
 * so a page whose DNS name was rebound to 127.0.0.1 would be same-origin with it and could scan or
 * delete the tables. SDKs and aws-cli send {@code Host: 127.0.0.1:<port>} or {@code
 * localhost:<port>} and never an {@code Origin}; a browser always sends one with a cross-origin
 * POST.
 */
final class LoopbackGuard extends Handler.Wrapper {
    private static final Set<String> LOOPBACK_NAMES = Set.of(Ports.LOOPBACK, "localhost", "[::1]");
    private static final String ACCESS_DENIED =
            "com.amazonaws.dynamodb.v20120810#AccessDeniedException";

    LoopbackGuard(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        String why = null;
        if (host == null || !LOOPBACK_NAMES.contains(hostName(host))) {
            why =
                    "Host "
                            + (host == null ? "(none)" : "'" + host + "'")
                            + " refused: this endpoint answers 127.0.0.1, localhost and [::1]"
                            + " only";
        } else if (request.getHeaders().get(HttpHeader.ORIGIN) != null
                || request.getHeaders().get("Sec-Fetch-Site") != null) {
            why = "a request made by a web page is refused";
        } else if (HttpMethod.OPTIONS.is(request.getMethod())) {
            why = "OPTIONS refused: no cross-origin access";
        }
        if (why == null) {
            return super.handle(request, response, callback);
        }
        byte[] body =
                ("{\"__type\":\"" + ACCESS_DENIED + "\",\"message\":\"" + escape(why) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * The name part of a {@code Host} header. Only the name matters against DNS rebinding (a page
     * sends its own name); any port is accepted, as a client may come through a local proxy or
     * tunnel (the fault-injecting proxies of the tests do) whose port it names.
     */
    private static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > h.lastIndexOf(']') ? h.substring(0, colon) : h;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
