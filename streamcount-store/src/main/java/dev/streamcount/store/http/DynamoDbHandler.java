package dev.streamcount.store.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcount.store.api.DynamoDbException;
import dev.streamcount.store.api.ErrorType;
import dev.streamcount.store.api.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;
import java.util.zip.CRC32;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the store: DynamoDB's JSON 1.0 protocol ({@code POST /}, {@code X-Amz-Target:
 * DynamoDB_20120810.Op}) in front of the {@link Operation}s.
 *
 * <p>Checks run in the order a hostile or broken client would trip them: the loopback guard, the
 * method, the body size, the JSON, the target. Every answer, error or not, is DynamoDB-shaped JSON
 * with the {@code x-amz-crc32} checksum the AWS SDK verifies; no answer ever carries a stack trace
 * or a CORS header.
 */
public final class DynamoDbHandler extends Handler.Abstract {
    /** DynamoDB's request size limit. */
    public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbHandler.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String AMZ_JSON = "application/x-amz-json-1.0";
    private static final String PLAIN_JSON = "application/json";
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** The two content types an answer can carry, encoded once rather than per response. */
    private static final HttpField AMZ_JSON_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, AMZ_JSON);

    private static final HttpField PLAIN_JSON_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, PLAIN_JSON);

    private final ObjectMapper mapper;
    private final Map<String, Operation> operations;
    private final LoopbackGuard guard;

    /**
     * @param mapper serialises responses
     * @param operations the operations by name ({@code PutItem}, ...); any other name is unknown
     * @param port the port the server listens on (known once bound), which the {@code Host} header
     *     must name
     */
    public DynamoDbHandler(
            ObjectMapper mapper, Map<String, Operation> operations, IntSupplier port) {
        this(mapper, operations, port, Set.of());
    }

    /**
     * As {@link #DynamoDbHandler(ObjectMapper, Map, IntSupplier)}, also answering requests whose
     * {@code Host} names one of {@code hostNames}.
     */
    public DynamoDbHandler(
            ObjectMapper mapper,
            Map<String, Operation> operations,
            IntSupplier port,
            Set<String> hostNames) {
        super(InvocationType.BLOCKING);
        this.mapper = mapper;
        this.operations = Map.copyOf(operations);
        this.guard = new LoopbackGuard(port, hostNames);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String contentType = AMZ_JSON;
        ObjectNode body;
        int status = 200;
        try {
            String requestType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (requestType != null && requestType.startsWith(PLAIN_JSON)) {
                // DynamoDB answers in the content type it was asked in.
                contentType = PLAIN_JSON;
            }
            body = dispatch(request, requestType);
        } catch (DynamoDbException e) {
            status = e.type().httpStatus();
            body = errorBody(e);
        } catch (RuntimeException | StackOverflowError e) {
            // A stack overflow is a request nested beyond what the parsers recurse through: an
            // error answer like any other, never Jetty's own page.
            LOG.error("Internal error serving {}", request.getHeaders().get("X-Amz-Target"), e);
            status = 500;
            body =
                    errorBody(
                            new DynamoDbException(
                                    ErrorType.INTERNAL_SERVER_ERROR, "Internal server error"));
        }
        send(response, callback, status, contentType, body);
        return true;
    }

    private ObjectNode dispatch(Request request, String requestType) {
        String refusal =
                guard.refusal(
                        request.getHeaders().get(HttpHeader.HOST),
                        request.getHeaders().get(HttpHeader.ORIGIN));
        if (refusal != null) {
            throw new DynamoDbException(ErrorType.ACCESS_DENIED, refusal);
        }
        if (!"POST".equals(request.getMethod())) {
            throw new DynamoDbException(
                    ErrorType.METHOD_NOT_ALLOWED,
                    "Only POST is supported, got " + request.getMethod());
        }
        if (requestType != null
                && !requestType.startsWith(AMZ_JSON)
                && !requestType.startsWith(PLAIN_JSON)) {
            throw new DynamoDbException(
                    ErrorType.UNKNOWN_OPERATION, "Unsupported Content-Type: " + requestType);
        }
        byte[] bytes = readBody(request);
        JsonNode json = null;
        if (bytes.length > 0) {
            try {
                json = mapper.readTree(bytes);
            } catch (IOException e) {
                throw new DynamoDbException(ErrorType.SERIALIZATION, null);
            }
        }
        Operation operation = operation(request.getHeaders().get("X-Amz-Target"));
        if (json == null || !json.isObject()) {
            // DynamoDB cannot deserialise an empty body or a non-object into a request.
            throw new DynamoDbException(
                    ErrorType.SERIALIZATION,
                    json == null ? null : "Start of structure or map expected");
        }
        return operation.execute(json);
    }

    private Operation operation(String target) {
        Operation operation = null;
        if (target != null && target.startsWith(TARGET_PREFIX)) {
            operation = operations.get(target.substring(TARGET_PREFIX.length()));
        }
        if (operation == null) {
            throw new DynamoDbException(ErrorType.UNKNOWN_OPERATION, null);
        }
        return operation;
    }

    /** Reads the whole body, refusing (before reading it) one larger than DynamoDB accepts. */
    private static byte[] readBody(Request request) {
        long declared = request.getLength();
        if (declared > MAX_REQUEST_BYTES) {
            throw tooLarge(declared);
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
            if (bytes.length > MAX_REQUEST_BYTES) {
                // A chunked body declares no length: count it instead.
                throw tooLarge(-1);
            }
            return bytes;
        } catch (IOException e) {
            throw new DynamoDbException(
                    ErrorType.SERIALIZATION, "Could not read the request body: " + e.getMessage());
        }
    }

    private static DynamoDbException tooLarge(long declared) {
        return new DynamoDbException(
                ErrorType.REQUEST_TOO_LARGE,
                "Request body of "
                        + (declared < 0 ? "more than " + MAX_REQUEST_BYTES : declared)
                        + " bytes exceeds the limit of "
                        + MAX_REQUEST_BYTES
                        + " bytes");
    }

    private ObjectNode errorBody(DynamoDbException e) {
        ObjectNode body = mapper.createObjectNode();
        body.put("__type", e.type().wireType());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        if (e.extraFields() != null) {
            body.setAll(e.extraFields());
        }
        return body;
    }

    /**
     * A random 52-character id, as DynamoDB's look. Not from {@code UUID.randomUUID()}: its shared
     * SecureRandom would serialise every response on one lock.
     */
    static String requestId() {
        byte[] id = new byte[52];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int radix = ID_CHARS.length();
        // Ten characters from each random long (36^10 < 2^63): 6 draws instead of 52.
        for (int i = 0; i < id.length; i += 10) {
            long bits = random.nextLong(Long.MAX_VALUE);
            for (int j = i; j < Math.min(id.length, i + 10); j++) {
                id[j] = (byte) ID_CHARS.charAt((int) (bits % radix));
                bits /= radix;
            }
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private void send(
            Response response, Callback callback, int status, String contentType, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // Cannot happen for a tree of plain nodes; fail the exchange rather than lie.
            callback.failed(e);
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        response.setStatus(status);
        response.getHeaders().put(contentType.equals(PLAIN_JSON) ? PLAIN_JSON_TYPE : AMZ_JSON_TYPE);
        response.getHeaders().put("x-amz-crc32", Long.toString(crc.getValue()));
        response.getHeaders().put("x-amzn-RequestId", requestId());
        if (status == 405) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
        }
        if (status == 403 || status == 405 || status == 413) {
            // Refused before its body was read: the connection is closed after this answer, and
            // says so, so a client does not send its next request on it.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
