package dev.streamcount.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.line.FlinkLine;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a tiny {@code streamcount bench} end to end, as a user does, in its own JVM: every phase
 * runs, every checked table is exact, and the write meter agrees with what the harness itself
 * wrote. This checks the harness, not speed.
 */
class BenchITCase {

    @TempDir Path dir;

    @Test
    void tinyBenchRunsEveryPhaseAndVerifiesTheTables() throws Exception {
        Path jar = Path.of("target", "streamcount.jar").toAbsolutePath();
        assertThat(jar)
                .as("the runnable jar is built in the package phase, before integration tests")
                .exists();
        Path table = dir.resolve("results.md");
        Path log = dir.resolve("bench.out");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx1g");
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) cmd.add(arg);
        }
        cmd.add("-Djava.io.tmpdir=" + dir);
        cmd.addAll(
                List.of(
                        "-jar",
                        jar.toString(),
                        "bench",
                        "--words",
                        "30000",
                        "--vocabulary",
                        "2000",
                        "--naive-words",
                        "400",
                        "--markers",
                        "3",
                        "--marker-spacing",
                        "100ms",
                        "--ceiling-items",
                        "1000",
                        "--timeout",
                        "120s",
                        "--output",
                        table.toString()));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        boolean ended = p.waitFor(4, TimeUnit.MINUTES);
        if (!ended) p.destroyForcibly();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("bench ended within 4 minutes:\n" + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        for (String phase : Phases.names()) {
            assertThat(out).as(out).containsPattern("(?m)^\\| " + Pattern.quote(phase) + " \\| ");
        }
        assertThat(row(out, "naive")).contains("| verified |");
        assertThat(row(out, "at-least-once")).contains("| verified |");
        assertThat(row(out, "exactly-once-1s")).contains("| verified |");
        assertThat(row(out, "exactly-once-5s")).contains("| verified |");
        assertThat(row(out, "exactly-once-1s-no-top")).contains("| verified |");
        // Every (word, 5 s window) of the input and every total, against the generator's
        // timestamps.
        assertThat(row(out, "windowed")).contains("| verified |");
        if (FlinkLine.OFFICIAL_DYNAMODB_SINK) {
            assertThat(row(out, "tutorial")).contains("wrong by design");
        } else {
            // Its sink, Flink's official DynamoDB sink, has no release for this Flink line.
            assertThat(out).doesNotContainPattern("(?m)^\\| tutorial \\| ");
        }

        // The harness wrote and checked 1,000 items itself; the SDK-level meter must count exactly
        // those.
        assertThat(cell(row(out, "dynamodb-ceiling"), 4)).isEqualTo("1,000");
        // Every streamcount phase writes each of the distinct words at least once.
        long distinct =
                Long.parseLong(
                        matcher(
                                        out,
                                        "preloaded [\\d,]+ records, [\\d,]+ words \\(([\\d,]+)"
                                                + " distinct")
                                .group(1)
                                .replace(",", ""));
        for (String phase :
                List.of(
                        "at-least-once",
                        "exactly-once-1s",
                        "exactly-once-1s-no-top",
                        "exactly-once-5s")) {
            assertThat(Long.parseLong(cell(row(out, phase), 4).replace(",", "")))
                    .as(phase)
                    .isGreaterThanOrEqualTo(distinct);
            assertThat(cell(row(out, phase), 8)).as(phase).matches("\\d+ / \\d+ \\(n=3\\)");
        }

        String summary =
                out.lines().filter(l -> l.startsWith("summary:")).reduce((a, b) -> b).orElseThrow();
        assertThat(summary)
                .matches(
                        "summary: exactly-once [\\d,]+ words/s, "
                                + (FlinkLine.OFFICIAL_DYNAMODB_SINK ? "[\\d.]+x" : "n/a")
                                + " tutorial, [\\d.]+x naive,"
                                + " \\d+% of count-ceiling, table verified");
        assertThat(Files.readString(table))
                .contains("| exactly-once-1s |")
                .endsWith(summary + "\n");
    }

    private static String row(String out, String phase) {
        return out.lines().filter(l -> l.startsWith("| " + phase + " |")).findFirst().orElseThrow();
    }

    /** The {@code i}-th cell (1 = phase) of a Markdown table row. */
    private static String cell(String row, int i) {
        return row.split("\\|")[i].trim();
    }

    private static Matcher matcher(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("output has " + regex + ":\n" + out).isTrue();
        return m;
    }
}
