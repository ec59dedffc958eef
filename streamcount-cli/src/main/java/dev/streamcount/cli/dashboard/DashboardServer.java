package dev.streamcount.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.job.aws.AwsSettings;
import dev.streamcount.job.aws.DynamoDbClients;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.loopback.LoopbackOrigins;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dashboard of {@code local} and {@code demo}: a page and its JSON API on 127.0.0.1 only.
 *
 * <p>Jetty's core server (no servlets): the store serves on it too, and its handlers are all a page
 * and three GET endpoints need. The page, its script and uPlot (a WebJar) are served from the jar,
 * so it works with no network beyond loopback; the Content-Security-Policy keeps it from loading
 * anything from elsewhere. Requests naming another host are refused (a web page elsewhere cannot
 * read the API through DNS rebinding), and so is anything but GET.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String JSON = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Server server;
    private final LiveMetrics metrics;
    private final DynamoDbClient client;
    private final int port;

    private DashboardServer(Server server, LiveMetrics metrics, DynamoDbClient client, int port) {
        this.server = server;
        this.metrics = metrics;
        this.client = client;
        this.port = port;
    }

    /**
     * Starts the dashboard of the job counting with {@code config} on 127.0.0.1:{@code port}.
     *
     * @param client reads the tables; closed with the dashboard
     * @param flinkWebUi the Flink web UI's address, linked from the page
     */
    public static DashboardServer start(
            int port, JobConfig config, DynamoDbClient client, String flinkWebUi) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("streamcount-dashboard");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // One acceptor and one selector: Jetty's defaults grow with the cores, past the small pool.
        ServerConnector connector =
                new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(LOOPBACK);
        connector.setPort(port);
        server.addConnector(connector);

        LiveMetrics metrics = LiveMetrics.start(config.topic(), config.bootstrapServers());
        DashboardApi api = new DashboardApi(config, client, metrics, flinkWebUi);
        ResourceFactory resources = ResourceFactory.of(server);

        ResourceHandler page = new ResourceHandler();
        page.setBaseResource(resources.newClassLoaderResource("dashboard/"));
        page.setDirAllowed(false);
        page.setWelcomeFiles("index.html");
        ResourceHandler webjars = new ResourceHandler();
        webjars.setBaseResource(resources.newClassLoaderResource("META-INF/resources/webjars/"));
        webjars.setDirAllowed(false);

        ContextHandlerCollection contexts =
                new ContextHandlerCollection(
                        new ContextHandler(new Api(api), "/api"),
                        new ContextHandler(webjars, "/webjars"),
                        new ContextHandler(page, "/"));
        server.setHandler(new Guard(contexts));
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        try {
            server.start();
        } catch (Exception e) {
            metrics.close();
            server.stop();
            throw e;
        }
        return new DashboardServer(server, metrics, client, connector.getLocalPort());
    }

    /**
     * The dashboard of {@code local} or {@code demo}: reads the tables through a client of its own,
     * links the Flink web UI on {@code webPort}.
     *
     * @return null for {@code port} -1: no dashboard
     */
    public static DashboardServer startFor(int port, JobConfig config, int webPort)
            throws Exception {
        return port < 0
                ? null
                : start(
                        port,
                        config,
                        DynamoDbClients.sync(AwsSettings.of(config)),
                        "http://" + LOOPBACK + ":" + webPort + "/");
    }

    /** The page's address. */
    public String url() {
        return "http://" + LOOPBACK + ":" + port + "/";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the dashboard: {}", e.toString());
        }
        metrics.close();
        client.close();
    }

    /** Sends {@code body} as JSON with {@code status}. */
    static void json(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (Exception e) {
            status = 500;
            bytes =
                    ("{\"error\":\"could not write the answer as JSON\"}")
                            .getBytes(StandardCharsets.UTF_8);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /**
     * In front of everything: GET and HEAD only, from a request naming this host, with headers that
     * keep the page from loading or being framed by anything else.
     */
    private static final class Guard extends Handler.Wrapper {
        Guard(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback)
                throws Exception {
            var headers = response.getHeaders();
            headers.put(
                    "Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
                            + " base-uri 'none'; form-action 'self'");
            headers.put("X-Content-Type-Options", "nosniff");
            headers.put("Referrer-Policy", "no-referrer");
            String host = request.getHeaders().get(HttpHeader.HOST);
            int port = Request.getLocalPort(request);
            if (host == null || !LoopbackOrigins.isOwnHost(host, port)) {
                json(
                        response,
                        callback,
                        403,
                        Map.of(
                                "error",
                                "the dashboard answers requests for 127.0.0.1:"
                                        + port
                                        + " or localhost:"
                                        + port
                                        + " only"));
                return true;
            }
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            String site = request.getHeaders().get("Sec-Fetch-Site");
            if ((origin != null && !LoopbackOrigins.isOwnOrigin(origin, port))
                    || (site != null && !Set.of("same-origin", "none").contains(site))) {
                json(
                        response,
                        callback,
                        403,
                        Map.of("error", "the dashboard answers its own page only"));
                return true;
            }
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                headers.put(HttpHeader.ALLOW, "GET, HEAD");
                json(response, callback, 405, Map.of("error", "only GET is answered here"));
                return true;
            }
            return super.handle(request, response, callback);
        }
    }

    /** {@code /api/*}: JSON answers, and JSON errors without a stack trace. */
    private static final class Api extends Handler.Abstract {
        private final DashboardApi api;

        Api(DashboardApi api) {
            this.api = api;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            try {
                Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
                Object answer =
                        switch (path) {
                            case "/top" -> api.top(query.getValue("n"), query.getValue("window"));
                            case "/metrics" -> api.metrics();
                            case "/history" ->
                                    api.history(query.getValue("word"), query.getValue("last"));
                            default ->
                                    throw new ApiError(
                                            404,
                                            "no such endpoint: /api"
                                                    + path
                                                    + " (there are /api/top?n=,"
                                                    + " /api/metrics and /api/history?word=)");
                        };
                json(response, callback, 200, answer);
            } catch (ApiError e) {
                json(response, callback, e.status, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                if (e instanceof HttpException bad && bad.getCode() == 400) {
                    // Jetty's own refusal, such as a query string that does not decode.
                    json(
                            response,
                            callback,
                            400,
                            Map.of(
                                    "error",
                                    "the query string is not well-formed: " + bad.getReason()));
                    return true;
                }
                LOG.warn("Dashboard API {} failed", path, e);
                json(
                        response,
                        callback,
                        503,
                        Map.of("error", "reading the tables failed: " + firstLine(e)));
            }
            return true;
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
