package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcount.cli.RawHttp.Answer;
import dev.streamcount.cli.RawHttp.Request;
import dev.streamcount.job.StreamCountJob;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.loopback.LocalOnlyRestGuardFactory;
import dev.streamcount.local.Ports;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink's REST endpoint as {@code local}, {@code demo} and {@code bench} start it: read-only, for
 * this machine's own origin. Each probe is what another local user or a web page in the user's
 * browser could send; {@link #withoutTheGuardEveryProbeWorks} sends the same probes to an endpoint
 * with Flink's own settings and shows each one reaching Flink and acting, so the refusals in {@link
 * #theGuardRefusesEveryProbeAndTheJobRunsOn} are the guard's doing.
 */
class ControlPlaneITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String EVIL = "http://evil.example";

    @RegisterExtension static final LocalServices SERVICES = new LocalServices();

    /** The streamcount job on a MiniCluster of its own whose REST endpoint is on {@code port}. */
    private record Running(JobClient job, int port) implements AutoCloseable {
        String id() {
            return job.getJobID().toHexString();
        }

        JobStatus status() throws Exception {
            return job.getJobStatus().get();
        }

        /** Completes when the job ends (and its MiniCluster with it). */
        CompletableFuture<?> end() {
            return job.getJobExecutionResult();
        }

        @Override
        public void close() throws Exception {
            if (!end().isDone()) {
                job.cancel().get();
            }
        }
    }

    private static Running start(boolean guarded) throws Exception {
        int port = Ports.free();
        Configuration conf = LocalFlink.configuration(2, port, null, null);
        if (!guarded) {
            // Flink's own defaults, as before the guard.
            conf.set(LocalOnlyRestGuardFactory.ENABLED, false);
            conf.set(WebOptions.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        }
        JobConfig config = SERVICES.newConfig();
        JobClient job =
                StreamCountJob.start(
                        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf), config);
        Running running = new Running(job, port);
        LocalServices.await(
                () -> overviewSays(running, "RUNNING"), DEADLINE, "the job RUNNING over REST");
        return running;
    }

    private static boolean overviewSays(Running r, String state) {
        try {
            Answer a = RawHttp.send(r.port(), Request.get(r.port(), "/jobs/overview"));
            return a.status() == 200 && a.body().contains(r.id()) && a.body().contains(state);
        } catch (Exception e) {
            return false;
        }
    }

    private static long completedCheckpoints(Running r) throws Exception {
        Answer a =
                RawHttp.send(r.port(), Request.get(r.port(), "/jobs/" + r.id() + "/checkpoints"));
        assertThat(a.status()).as("checkpoints: %s", a).isEqualTo(200);
        return JSON.readTree(a.body()).path("counts").path("completed").asLong();
    }

    /** {@code POST /jobs/<id>/stop} as a page's form or fetch may send it without asking. */
    private static Request textPlainStop(Running r, Path target) {
        byte[] body =
                ("{\"drain\":false,\"targetDirectory\":\"" + target.toUri() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
        return Request.get(r.port(), "/jobs/" + r.id() + "/stop")
                .with("Origin", EVIL)
                .with("Sec-Fetch-Site", "cross-site")
                .withMethod("POST", "text/plain", body);
    }

    /** {@code POST /jobs}, what {@code flink run} sends: a request part and a job graph file. */
    private static Request jobSubmission(int port) throws Exception {
        String boundary = "streamcount-probe";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                                + "Content-Type: application/json\r\n\r\n"
                                + "{\"jobGraphFileName\":\"job.bin\",\"jobJarFileNames\":[],"
                                + "\"jobArtifactFileNames\":[]}\r\n--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"file_0\";"
                                + " filename=\"job.bin\"\r\n"
                                + "Content-Type: application/octet-stream\r\n\r\n"
                                + "not a job graph\r\n--"
                                + boundary
                                + "--\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        return Request.get(port, "/jobs")
                .withMethod(
                        "POST", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    @Test
    void theGuardRefusesEveryProbeAndTheJobRunsOn(@TempDir Path dir) throws Exception {
        try (Running r = start(true)) {
            int port = r.port();

            // The web UI still serves its page and the job to itself, by either name.
            Answer page = RawHttp.send(port, Request.get(port, "/"));
            assertThat(page.status()).as("GET /: %s", page).isEqualTo(200);
            assertThat(page.body()).contains("<html");
            Answer overview =
                    RawHttp.send(
                            port,
                            Request.get(port, "/jobs/overview")
                                    .with("Host", "localhost:" + port)
                                    .with("Origin", "http://localhost:" + port)
                                    .with("Sec-Fetch-Site", "same-origin"));
            assertThat(overview.status()).as("own origin: %s", overview).isEqualTo(200);
            assertThat(overview.body()).contains(r.id(), "RUNNING");
            assertThat(overview.hasCorsHeader()).as("CORS headers: %s", overview).isFalse();

            // Reads from elsewhere: a rebound DNS name, a foreign origin, a cross-site fetch.
            Answer rebound =
                    RawHttp.send(
                            port,
                            Request.get(port, "/jobs/overview")
                                    .with("Host", "evil.example:" + port));
            assertThat(rebound.status()).as("foreign Host: %s", rebound).isEqualTo(403);
            assertThat(rebound.body()).doesNotContain(r.id()).contains("Host 'evil.example:");
            Answer foreign =
                    RawHttp.send(port, Request.get(port, "/jobs/overview").with("Origin", EVIL));
            assertThat(foreign.status()).as("foreign Origin: %s", foreign).isEqualTo(403);
            assertThat(foreign.hasCorsHeader()).isFalse();
            Answer crossSite =
                    RawHttp.send(
                            port,
                            Request.get(port, "/jobs/overview")
                                    .with("Sec-Fetch-Site", "cross-site"));
            assertThat(crossSite.status()).as("cross-site: %s", crossSite).isEqualTo(403);
            Answer preflight =
                    RawHttp.send(
                            port,
                            new Request("OPTIONS", "/jobs", Request.own(port), new byte[0])
                                    .with("Origin", EVIL)
                                    .with("Access-Control-Request-Method", "POST"));
            assertThat(preflight.status()).as("preflight: %s", preflight).isEqualTo(405);
            assertThat(preflight.hasCorsHeader()).isFalse();

            // Control: a job submission, a stop with a savepoint, a cancel by GET.
            Answer submit = RawHttp.send(port, jobSubmission(port));
            assertThat(submit.status()).as("POST /jobs: %s", submit).isEqualTo(405);
            assertThat(submit.body()).contains("POST refused");
            Path savepoints = dir.resolve("savepoints");
            Answer stop = RawHttp.send(port, textPlainStop(r, savepoints));
            assertThat(stop.status()).as("text/plain stop: %s", stop).isEqualTo(405);
            Answer cancel =
                    RawHttp.send(port, Request.get(port, "/jobs/" + r.id() + "/yarn-cancel"));
            assertThat(cancel.status()).as("GET yarn-cancel: %s", cancel).isEqualTo(403);
            for (String spelling :
                    new String[] {"yarn-cancel/", "yarn%2Dcancel", "yarn%252Dcancel"}) {
                Answer variant =
                        RawHttp.send(port, Request.get(port, "/jobs/" + r.id() + "/" + spelling));
                assertThat(variant.status()).as("GET %s: %s", spelling, variant).isEqualTo(403);
            }
            Answer stopByGet =
                    RawHttp.send(port, Request.get(port, "/v1/jobs/" + r.id() + "/yarn-stop"));
            assertThat(stopByGet.status()).as("GET yarn-stop: %s", stopByGet).isEqualTo(403);

            // Had any of them acted, the job would be gone by the second checkpoint after them
            // (a stop completes with the next savepoint; the control below shows it).
            long after = completedCheckpoints(r);
            LocalServices.await(
                    () -> {
                        try {
                            return completedCheckpoints(r) >= after + 2;
                        } catch (Exception e) {
                            return false;
                        }
                    },
                    DEADLINE,
                    "two more checkpoints");
            assertThat(r.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(savepoints).doesNotExist();
        }
    }

    @Test
    void withoutTheGuardEveryProbeWorks(@TempDir Path dir) throws Exception {
        try (Running r = start(false)) {
            int port = r.port();
            Answer rebound =
                    RawHttp.send(
                            port,
                            Request.get(port, "/jobs/overview")
                                    .with("Host", "evil.example:" + port));
            assertThat(rebound.status()).as("foreign Host: %s", rebound).isEqualTo(200);
            assertThat(rebound.body()).contains(r.id());
            Answer foreign =
                    RawHttp.send(port, Request.get(port, "/jobs/overview").with("Origin", EVIL));
            assertThat(foreign.headers()).containsEntry("access-control-allow-origin", "*");
            // The submission reaches Flink's JobSubmitHandler, which tries to read the job graph.
            Answer submit = RawHttp.send(port, jobSubmission(port));
            assertThat(submit.status()).as("POST /jobs: %s", submit).isNotEqualTo(405);
            assertThat(submit.body())
                    .containsAnyOf(
                            "Failed to deserialize JobGraph", // 1.20
                            "Failed to deserialize ExecutionPlan"); // 2.x

            Path savepoints = dir.resolve("savepoints");
            Answer stop = RawHttp.send(port, textPlainStop(r, savepoints));
            assertThat(stop.status()).as("text/plain stop: %s", stop).isEqualTo(202);
            // Stopped with a savepoint, the job FINISHES; the result future completes normally.
            r.end().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            try (var files = Files.walk(savepoints)) {
                assertThat(files.anyMatch(p -> p.endsWith("_metadata")))
                        .as("a savepoint written where the page said")
                        .isTrue();
            }
        }
        try (Running r = start(false)) {
            // Flink's router decodes the path twice and ignores a trailing slash: this spelling
            // reaches the same handler (the guarded test refuses it).
            Answer cancel =
                    RawHttp.send(
                            r.port(),
                            Request.get(r.port(), "/jobs/" + r.id() + "/yarn%252Dcancel/"));
            assertThat(cancel.status()).as("GET yarn%%252Dcancel/: %s", cancel).isEqualTo(202);
            assertThatThrownBy(() -> r.end().get(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                    .as("the job cancelled by a GET")
                    .hasStackTraceContaining("JobCancellationException");
        }
    }
}
