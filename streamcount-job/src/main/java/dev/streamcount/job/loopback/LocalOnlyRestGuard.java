package dev.streamcount.job.loopback;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.shaded.netty4.io.netty.buffer.Unpooled;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelDuplexHandler;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelFutureListener;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPipeline;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelPromise;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.DefaultFullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.FullHttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpContent;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderValues;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpMethod;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponse;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpServerCodec;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpUtil;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpVersion;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.LastHttpContent;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.QueryStringDecoder;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;

/**
 * Makes Flink's REST endpoint a read-only page for the local user's own browser and tools.
 *
 * <p>Flink's REST API is a full control plane: {@code POST /jobs} takes a serialized job graph and
 * jars and runs them, {@code POST /jobs/:id/stop} writes a savepoint wherever the body says, {@code
 * PATCH /jobs/:id} cancels, and even two GETs ({@code /jobs/:id/yarn-cancel} and {@code
 * /jobs/:id/yarn-stop}) stop a job. {@code web.submit.enable: false} only removes {@code /jars/*}.
 * Flink parses a body as JSON whatever its {@code Content-Type}, so a {@code text/plain} POST,
 * which any web page may send without asking, reaches those handlers; and Flink answers {@code
 * Access-Control-Allow-Origin: *}, so any page may read the answers.
 *
 * <p>This handler refuses, before any other handler sees the request (it sits right after the HTTP
 * codec, in front of Flink's multipart upload handler):
 *
 * <ul>
 *   <li>every method but GET and HEAD (405), and the two GETs that stop a job (403);
 *   <li>a {@code Host} other than {@code 127.0.0.1}, {@code localhost} or {@code [::1]} with the
 *       port the connection came in on (403): a page whose DNS name was rebound to 127.0.0.1 sends
 *       its own name;
 *   <li>an {@code Origin} other than this endpoint's own, and a {@code Sec-Fetch-Site} other than
 *       {@code same-origin} or {@code none} (403): requests a page elsewhere makes the browser
 *       send.
 * </ul>
 *
 * <p>On the way out it removes every {@code Access-Control-*} header, so no other origin may read
 * an answer. A refusal is one line of JSON in Flink's own error format, and closes the connection
 * once the refused request's body has been read (and dropped).
 */
final class LocalOnlyRestGuard extends ChannelDuplexHandler {

    private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    /** GETs that act: Flink's YARN-era job termination, still registered on every endpoint. */
    private static final List<String> ACTING_GETS = List.of("yarn-cancel", "yarn-stop");

    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");

    /** The refusal to send once the refused request's body has been read, or null. */
    private Refusal refusing;

    /** A refused request: its status and one line saying why. */
    record Refusal(HttpResponseStatus status, String reason) {}

    /**
     * Moves this handler to right after the HTTP codec. Flink adds the handlers of {@code
     * InboundChannelHandlerFactory} after its upload handler and aggregator, which would store a
     * multipart upload on disk before a refusal here.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec != null && pipeline.context(this) != null) {
            if (!isRightAfter(pipeline, codec.name(), ctx.name())) {
                pipeline.remove(this);
                pipeline.addAfter(codec.name(), ctx.name(), new LocalOnlyRestGuard());
            }
        }
    }

    private static boolean isRightAfter(ChannelPipeline pipeline, String before, String name) {
        List<String> names = pipeline.names();
        int i = names.indexOf(before);
        return i >= 0 && i + 1 < names.size() && names.get(i + 1).equals(name);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            Optional<Refusal> refusal = check(request, localPort(ctx.channel().localAddress()));
            if (refusal.isPresent()) {
                if (request.decoderResult().isFailure()
                        || HttpUtil.is100ContinueExpected(request)) {
                    // No body will follow: the decoder discards the rest of a malformed request,
                    // and a client expecting 100 Continue waits for it. Answer now.
                    ReferenceCountUtil.release(msg);
                    ctx.writeAndFlush(response(refusal.get()))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                refusing = refusal.get();
                if (!(msg instanceof LastHttpContent)) {
                    ReferenceCountUtil.release(msg);
                    return; // answered once the body has been read
                }
            }
        }
        if (refusing != null && msg instanceof HttpContent) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                Refusal r = refusing;
                refusing = null;
                ctx.writeAndFlush(response(r)).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (refusing != null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            for (String name : List.copyOf(response.headers().names())) {
                if (name.toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                    response.headers().remove(name);
                }
            }
        }
        ctx.write(msg, promise);
    }

    /** Why {@code request}, which came in on {@code port}, is refused, if it is. */
    static Optional<Refusal> check(HttpRequest request, int port) {
        if (!READ_ONLY.contains(request.method())) {
            return Optional.of(
                    new Refusal(
                            HttpResponseStatus.METHOD_NOT_ALLOWED,
                            request.method()
                                    + " refused: this Flink endpoint is read-only (streamcount"
                                    + " controls its job in-process)"));
        }
        if (request.decoderResult().isFailure()) {
            return Optional.of(
                    new Refusal(HttpResponseStatus.BAD_REQUEST, "the request is not valid HTTP"));
        }
        for (String acting : ACTING_GETS) {
            if (pathSegments(request.uri()).contains(acting)) {
                return Optional.of(
                        new Refusal(
                                HttpResponseStatus.FORBIDDEN,
                                "GET /"
                                        + acting
                                        + " refused: this Flink endpoint is read-only (streamcount"
                                        + " controls its job in-process)"));
            }
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null || !LoopbackOrigins.isOwnHost(host, port)) {
            return Optional.of(
                    new Refusal(
                            HttpResponseStatus.FORBIDDEN,
                            "Host "
                                    + (host == null ? "(none)" : "'" + host + "'")
                                    + " refused: use http://127.0.0.1:"
                                    + port
                                    + "/ or http://localhost:"
                                    + port
                                    + "/"));
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !LoopbackOrigins.isOwnOrigin(origin, port)) {
            return Optional.of(
                    new Refusal(
                            HttpResponseStatus.FORBIDDEN,
                            "a request from another origin is refused"));
        }
        String site = request.headers().get("Sec-Fetch-Site");
        if (site != null && !OWN_FETCH_SITES.contains(site.toLowerCase(Locale.ROOT))) {
            return Optional.of(
                    new Refusal(
                            HttpResponseStatus.FORBIDDEN,
                            "a request from another site is refused"));
        }
        return Optional.empty();
    }

    /**
     * The path's segments as Flink's router sees them, lower-cased: it decodes the path (up to
     * {@code ?} or {@code #}) and then each segment again, and ignores slashes at either end. So
     * {@code /jobs/x/yarn-cancel/}, {@code yarn%2Dcancel} and {@code yarn%252Dcancel} all name the
     * same handler; decoding until nothing changes catches each of them.
     */
    static List<String> pathSegments(String uri) {
        String path = new QueryStringDecoder(uri).path();
        List<String> segments = new java.util.ArrayList<>();
        for (String segment : path.split("/")) {
            String decoded = segment;
            for (int i = 0; i < 4; i++) {
                String again = QueryStringDecoder.decodeComponent(decoded);
                if (again.equals(decoded)) {
                    break;
                }
                decoded = again;
            }
            segments.add(decoded.trim().toLowerCase(Locale.ROOT));
        }
        return segments;
    }

    private static int localPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    private static FullHttpResponse response(Refusal refusal) {
        byte[] body =
                ("{\"errors\":[\"" + jsonEscape(refusal.reason()) + "\"]}\n")
                        .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, refusal.status(), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (refusal.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        return response;
    }

    /** Reasons hold a Host or method as the client sent it: escape what JSON needs escaped. */
    private static String jsonEscape(String s) {
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
