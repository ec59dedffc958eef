package dev.streamcount.store.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dynalite 4.0.0 (the npm package pinned in {@code src/test/dynalite/package.json}) run as a child
 * {@code node} process on a free loopback port, in memory.
 *
 * <p>It is the reference the store is compared against: dynalite's validations were written against
 * real DynamoDB and carry its messages. A missing {@code node} or a missing install is a failure,
 * never a skip, since a suite that silently compares nothing proves nothing.
 */
final class DynaliteProcess implements ConformanceTarget {

    /** The one command that installs what this class needs, from the repository root. */
    static final String INSTALL_HINT = "npm ci --prefix streamcount-store/src/test/dynalite";

    private static final String VERSION = "4.0.0";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private DynaliteProcess(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * The directory holding dynalite's package.json: {@code -Dconformance.dynaliteDir} when set,
     * else {@code src/test/dynalite} under the working directory (Maven runs tests in the module's
     * basedir), else the same path under {@code streamcount-store/} (an IDE started at the root).
     */
    static Path defaultDirectory() {
        String configured = System.getProperty("conformance.dynaliteDir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path inModule = Path.of("src", "test", "dynalite");
        if (Files.isDirectory(inModule)) {
            return inModule;
        }
        return Path.of("streamcount-store", "src", "test", "dynalite");
    }

    /**
     * Starts dynalite from {@code directory} and waits until it answers.
     *
     * @param directory the npm prefix dynalite was installed into
     * @param logFile where dynalite's stdout and stderr go (a pipe nobody reads could fill and
     *     block it)
     */
    static DynaliteProcess start(Path directory, Path logFile) {
        Path cli = directory.resolve("node_modules/dynalite/cli.js");
        checkInstalled(directory, cli);
        String node = System.getProperty("conformance.node", "node");
        checkNode(node);
        int port = freeLoopbackPort();
        List<String> command =
                List.of(
                        node,
                        cli.toAbsolutePath().toString(),
                        // Loopback only: dynalite's default is every interface.
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        // No --path: dynalite keeps everything in memory (memory-level) without it.
                        // Tables go CREATING/DELETING/UPDATING -> done after these delays (500 ms
                        // by
                        // default); 0 keeps the suite fast, and the setup still waits for ACTIVE.
                        "--createTableMs",
                        "0",
                        "--deleteTableMs",
                        "0",
                        "--updateTableMs",
                        "0");
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(logFile.toFile())
                            .start();
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/");
            DynaliteProcess dynalite = new DynaliteProcess(process, endpoint, logFile);
            try {
                dynalite.awaitHealthy();
            } catch (RuntimeException e) {
                dynalite.close();
                throw e;
            }
            return dynalite;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + command, e);
        }
    }

    private static void checkInstalled(Path directory, Path cli) {
        Path packageJson = directory.resolve("node_modules/dynalite/package.json");
        if (!Files.isRegularFile(cli) || !Files.isRegularFile(packageJson)) {
            throw new IllegalStateException(
                    "dynalite "
                            + VERSION
                            + " is not installed in "
                            + directory.toAbsolutePath()
                            + ": run `"
                            + INSTALL_HINT
                            + "` from the repository root first");
        }
        try {
            String installed =
                    new ObjectMapper().readTree(packageJson.toFile()).path("version").asText();
            if (!VERSION.equals(installed)) {
                throw new IllegalStateException(
                        "dynalite "
                                + installed
                                + " is installed in "
                                + directory.toAbsolutePath()
                                + ", the suite is written against "
                                + VERSION
                                + ": run `"
                                + INSTALL_HINT
                                + "` from the repository root");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + packageJson, e);
        }
    }

    private static void checkNode(String node) {
        try {
            Process version =
                    new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                version.destroyForcibly();
                throw new IllegalStateException(
                        "`" + node + " --version` failed: dynalite needs Node.js (>= 20) on PATH");
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Node.js (`"
                            + node
                            + "`) is not on PATH: install it, then run `"
                            + INSTALL_HINT
                            + "` from the repository root",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking for node", e);
        }
    }

    private static int freeLoopbackPort() {
        // The port is free when closed; dynalite binds it a moment later. Another process taking
        // it in between makes dynalite exit, which awaitHealthy reports with dynalite's log.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    /** Polls dynalite's health answer (it answers any GET with 200) until a deadline. */
    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health =
                HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "dynalite exited with code "
                                + process.exitValue()
                                + " before answering on "
                                + endpoint
                                + "; its output:\n"
                                + readLog());
            }
            try {
                HttpResponse<String> answer =
                        client.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for dynalite", e);
            }
            try {
                // Between polls, wait on the other way this can end: dynalite exiting (checked at
                // the top of the loop). The loop itself ends on the answer or the deadline.
                process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for dynalite", e);
            }
        }
        throw new IllegalStateException(
                "dynalite did not answer GET "
                        + endpoint
                        + " within "
                        + START_TIMEOUT
                        + " (last: "
                        + lastProblem
                        + "); its output:\n"
                        + readLog());
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    @Override
    public String name() {
        return "dynalite";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "dynalite (pid " + process.pid() + ") did not exit within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping dynalite", e);
        }
    }
}
