package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** {@code streamcount local} from the runnable jar, as a separate OS process logging to a file. */
final class LocalProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private LocalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code local} on {@code data} with the given ports and extra flags. */
    static LocalProcess start(
            Path data, int kafkaPort, int dynamoPort, int webPort, Path log, String... flags)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(
                List.of(
                        "local",
                        "--data-dir",
                        data.toString(),
                        "--kafka-port",
                        Integer.toString(kafkaPort),
                        "--dynamodb-port",
                        Integer.toString(dynamoPort),
                        "--web-port",
                        Integer.toString(webPort)));
        cmd.addAll(List.of(flags));
        if (!cmd.contains("--min-free-space")) {
            // Tests that are not about the disk should not fail on a build machine short of it.
            cmd.addAll(List.of("--min-free-space", "64mb"));
        }
        return command(data.getParent(), log, cmd);
    }

    /**
     * Runs {@code streamcount <args>} from the runnable jar, with {@code tmp} as its temp dir and
     * its stdout and stderr in {@code log}.
     */
    static LocalProcess command(Path tmp, Path log, List<String> args) throws IOException {
        Path jar = Path.of("target", "streamcount.jar").toAbsolutePath();
        assertThat(jar)
                .as("the runnable jar is built in the package phase, before integration tests")
                .exists();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) cmd.add(arg);
        }
        cmd.add("-Djava.io.tmpdir=" + tmp.toAbsolutePath());
        cmd.addAll(List.of("-jar", jar.toString()));
        cmd.addAll(args);
        ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // A failure to start then shows its stack trace in the log a failed test prints.
        pb.environment().put("STREAMCOUNT_DEBUG", "1");
        Process p = pb.start();
        return new LocalProcess(p, log);
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
    }

    /** Waits until the log has a line containing {@code marker}; returns that line. */
    String awaitLine(String marker, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains(marker)) return line;
                }
            }
            if (!process.isAlive()) break;
            LockSupport.parkNanos(50_000_000);
        }
        throw new AssertionError(
                "no line with '"
                        + marker
                        + "' within "
                        + timeout.toSeconds()
                        + "s; log:\n"
                        + log());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
