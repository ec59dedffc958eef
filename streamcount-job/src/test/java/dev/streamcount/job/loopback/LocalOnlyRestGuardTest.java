package dev.streamcount.job.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.loopback.LocalOnlyRestGuard.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.flink.shaded.netty4.io.netty.buffer.ByteBuf;
import org.apache.flink.shaded.netty4.io.netty.buffer.Unpooled;
import org.apache.flink.shaded.netty4.io.netty.channel.embedded.EmbeddedChannel;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.DefaultHttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpMethod;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpServerCodec;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard's rules without a cluster; {@code ControlPlaneITCase} sends the same probes to a real
 * Flink endpoint, with a control that shows them acting without the guard.
 */
class LocalOnlyRestGuardTest {
    private static final int PORT = 8081;

    private static Optional<Refusal> check(String uri) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        request.headers().set("Host", "127.0.0.1:" + PORT);
        return LocalOnlyRestGuard.check(request, PORT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/jobs/abc/yarn-cancel",
                "/jobs/abc/yarn-cancel/",
                "/jobs/abc/yarn-cancel#x",
                "/jobs/abc/yarn-cancel?mode=x",
                "/jobs/abc/yarn%2Dcancel",
                "/jobs/abc/yarn%252Dcancel",
                "/v1/jobs/abc/YARN-STOP",
                "http://127.0.0.1:8081/jobs/abc/yarn-stop"
            })
    void everySpellingOfTheJobStoppingGetsIsRefused(String uri) {
        assertThat(check(uri)).map(Refusal::status).contains(HttpResponseStatus.FORBIDDEN);
    }

    @Test
    void readsOfItsOwnOriginPass() {
        assertThat(check("/jobs/overview")).isEmpty();
        assertThat(check("/jobs/abc/checkpoints?x=yarn-cancel")).isEmpty();
    }

    /** Raw bytes through the HTTP codec and the guard, as Flink's pipeline has them. */
    private static String exchange(String request) {
        EmbeddedChannel channel =
                new EmbeddedChannel(new HttpServerCodec(), new LocalOnlyRestGuard());
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        assertThat(channel.isOpen()).as("closed after the refusal").isFalse();
        return out.toString();
    }

    @Test
    void aRefusedRequestExpectingContinueIsAnsweredWithoutItsBody() {
        String answer =
                exchange(
                        "POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nExpect: 100-continue\r\n"
                                + "Content-Length: 100\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 405").doesNotContain("100 Continue");
    }

    @Test
    void aMalformedRequestIsAnsweredAndClosed() {
        String answer =
                exchange(
                        "POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nX: "
                                + "y".repeat(9_000)
                                + "\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(answer).startsWith("HTTP/1.1 4");
    }
}
