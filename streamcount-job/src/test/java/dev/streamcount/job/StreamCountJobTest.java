package dev.streamcount.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The cluster entry point's error path, as {@code flink run} sees it: the same one line as the CLI,
 * and {@code main} ending with an exception that carries it.
 */
class StreamCountJobTest {

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StreamCountJob.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aBadFlagIsAUsageErrorNotAStackTrace() {
        Run r = run("--parallelism", "two");

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .as(r.toString())
                .startsWith("Invalid value for option '--parallelism': 'two' is not an int")
                .contains("Usage: streamcount-job")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnreachableKafkaIsOneLineAndExitCodeOne() throws IOException {
        int port = closedPort();
        Run r = run("--bootstrap-servers", "127.0.0.1:" + port, "--kafka-timeout", "1s");

        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Kafka unreachable at 127.0.0.1:"
                                + port
                                + ": no broker answered within 1s (change it with"
                                + " --kafka-timeout)");
    }

    @Test
    void mainEndsWithAnExceptionCarryingThatLine() throws IOException {
        int port = closedPort();

        assertThatThrownBy(
                        () ->
                                StreamCountJob.main(
                                        new String[] {
                                            "--bootstrap-servers",
                                            "127.0.0.1:" + port,
                                            "--kafka-timeout",
                                            "1s"
                                        }))
                .hasMessage(
                        "streamcount: Kafka unreachable at 127.0.0.1:"
                                + port
                                + ": no broker answered within 1s (change it with"
                                + " --kafka-timeout)")
                .hasNoCause();
    }
}
