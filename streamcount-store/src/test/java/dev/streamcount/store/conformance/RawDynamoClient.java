package dev.streamcount.store.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends one raw DynamoDB JSON request, byte for byte the same to each target, and returns the raw
 * answer. No SDK in between: the SDK would validate, retry and reshape requests, and the suite must
 * see exactly what each server says to exactly the same bytes.
 */
final class RawDynamoClient {

    /** The JSON 1.0 protocol's content type, as the SDK sends it. */
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    /**
     * A well-formed but unsigned SigV4 header. dynalite checks that one is present (answering
     * MissingAuthenticationTokenException otherwise) but verifies no signature; the store may
     * ignore it. Both get the same header.
     */
    private static final String AUTHORIZATION =
            "AWS4-HMAC-SHA256 Credential=AKIDCONFORMANCE/20260101/us-east-1/dynamodb/aws4_request,"
                    + " SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                    + " Signature=0000000000000000000000000000000000000000000000000000000000000000";

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ConformanceTarget target;
    private final HttpClient http;

    RawDynamoClient(ConformanceTarget target) {
        this.target = target;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(TIMEOUT)
                        .build();
    }

    ConformanceTarget target() {
        return target;
    }

    /** POSTs {@code body} with {@code X-Amz-Target: DynamoDB_20120810.<operation>}. */
    RawAnswer send(String operation, String body) {
        return post("DynamoDB_20120810." + operation, body);
    }

    /** POSTs {@code body} with the given {@code X-Amz-Target} header, verbatim. */
    RawAnswer post(String amzTarget, String body) {
        HttpRequest request =
                HttpRequest.newBuilder(target.endpoint())
                        .timeout(TIMEOUT)
                        .header("Content-Type", CONTENT_TYPE)
                        .header("X-Amz-Target", amzTarget)
                        .header("X-Amz-Date", "20260101T000000Z")
                        .header("Authorization", AUTHORIZATION)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build();
        try {
            HttpResponse<byte[]> response =
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new RawAnswer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("x-amz-crc32").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    target.name() + " did not answer " + amzTarget + " at " + target.endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + target.name(), e);
        }
    }

    /**
     * One HTTP answer as received.
     *
     * @param status the HTTP status code
     * @param body the body's bytes
     * @param crc32 the {@code x-amz-crc32} header, or null when absent
     */
    record RawAnswer(int status, byte[] body, String crc32) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
