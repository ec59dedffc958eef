package dev.streamcount.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's HTTP face below the SDK: the DynamoDB protocol details, and the refusals that keep a
 * loopback-only store closed to web pages (DNS rebinding, cross-origin requests).
 */
class StoreHttpITCase {
    private static final String TARGET = "DynamoDB_20120810.";

    private static StoreServer server;
    private static HttpClient http;

    @BeforeAll
    static void startStore() {
        server = StoreServer.start(0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopStore() {
        server.close();
    }

    private static HttpResponse<String> post(String operation, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(server.endpoint())
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (operation != null) {
            request.header("X-Amz-Target", TARGET + operation);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithChecksumRequestIdAndDynamoDbContentType() throws Exception {
        HttpResponse<String> response = post("ListTables", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"TableNames\":[]}");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/x-amz-json-1.0");
        CRC32 crc = new CRC32();
        crc.update(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(response.headers().firstValue("x-amz-crc32"))
                .hasValue(Long.toString(crc.getValue()));
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void malformedJsonIsASerializationException() throws Exception {
        HttpResponse<String> response = post("PutItem", "{\"TableName\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .isEqualTo("{\"__type\":\"com.amazon.coral.service#SerializationException\"}");
    }

    @Test
    void unknownOrMissingTargetIsAnUnknownOperationException() throws Exception {
        String expected = "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}";
        HttpResponse<String> unknown = post("FlyToTheMoon", "{}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo(expected);
        HttpResponse<String> missing = post(null, "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo(expected);
    }

    @Test
    void aBodyOver16MegabytesIsRefusedAndTheServerKeepsServing() throws Exception {
        byte[] body = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        HttpRequest request =
                HttpRequest.newBuilder(server.endpoint())
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", TARGET + "ListTables")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.body()).contains("RequestEntityTooLargeException");
        int status = refused.statusCode();
        assertThat(status).isEqualTo(413);

        HttpResponse<String> after = post("ListTables", "{}");
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestNamingAnotherHostIsRefused() throws Exception {
        String response = rawRequest("evil.example:" + server.port(), null);
        assertThat(statusOf(response)).isEqualTo(403);
        assertThat(response)
                .contains("AccessDeniedException")
                .doesNotContainIgnoringCase("access-control");
        // The same request naming the store passes the guard.
        assertThat(statusOf(rawRequest("localhost:" + server.port(), null))).isEqualTo(200);
        // Another port on loopback is a local proxy or tunnel in front of the store, not a page.
        assertThat(statusOf(rawRequest("127.0.0.1:" + (server.port() + 1), null))).isEqualTo(200);
    }

    @Test
    void aCrossOriginRequestIsRefusedWithoutCorsHeaders() throws Exception {
        HttpResponse<String> response = post("ListTables", "{}", "Origin", "http://evil.example");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("AccessDeniedException");
        assertThat(response.headers().map().keySet())
                .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("access-control"));
        HttpResponse<String> sameOrigin =
                post("ListTables", "{}", "Origin", "http://127.0.0.1:" + server.port());
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
    }

    @Test
    void preflightAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> options =
                http.send(
                        HttpRequest.newBuilder(server.endpoint())
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .header("Access-Control-Request-Method", "POST")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(options.statusCode()).isEqualTo(405);
        assertThat(options.headers().map().keySet())
                .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("access-control"));
        HttpResponse<String> get =
                http.send(
                        HttpRequest.newBuilder(server.endpoint()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).startsWith("{\"__type\":");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
    }

    /** Sends ListTables with a chosen Host header, which java.net.http does not allow. */
    private static String rawRequest(String host, String origin) throws IOException {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append("POST / HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append("\r\n")
                .append("Content-Type: application/x-amz-json-1.0\r\n")
                .append("X-Amz-Target: ")
                .append(TARGET)
                .append("ListTables\r\n")
                .append("Content-Length: ")
                .append(body.length)
                .append("\r\n")
                .append("Connection: close\r\n");
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    private static int statusOf(String rawResponse) {
        // "HTTP/1.1 403 Forbidden"
        return Integer.parseInt(rawResponse.substring(9, 12));
    }
}
