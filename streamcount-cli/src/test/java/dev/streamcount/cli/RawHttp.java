package dev.streamcount.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send exactly what a browser or an attacker would: any
 * {@code Host}, {@code Origin} or {@code Sec-Fetch-Site} (Java's HttpClient refuses to set {@code
 * Host}). One request per connection ({@code Connection: close}); the answer is read to the end of
 * the stream.
 */
final class RawHttp {
    private RawHttp() {}

    /** A response: status, headers by lowercase name, body as text. */
    record Answer(int status, Map<String, String> headers, String body) {
        boolean hasCorsHeader() {
            return headers.keySet().stream().anyMatch(h -> h.startsWith("access-control-"));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /** A request: method, path, headers (Host included, if wanted) and body. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        static Request get(int port, String path) {
            return new Request("GET", path, own(port), new byte[0]);
        }

        /** {@code Host: 127.0.0.1:<port>}, as a client of this machine's own endpoint sends. */
        static Map<String, String> own(int port) {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Host", "127.0.0.1:" + port);
            return h;
        }

        Request with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Request(method, path, h, body);
        }

        Request withMethod(String m, String contentType, byte[] content) {
            return new Request(m, path, headers, content).with("Content-Type", contentType);
        }
    }

    static Answer send(int port, Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head =
                    new StringBuilder(request.method() + " " + request.path() + " HTTP/1.1\r\n");
            request.headers()
                    .forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body());
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP response head in: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String dechunk(String chunked) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) break;
            int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) break;
            // Sizes count bytes; these bodies are ASCII JSON and HTML.
            b.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return b.toString();
    }
}
