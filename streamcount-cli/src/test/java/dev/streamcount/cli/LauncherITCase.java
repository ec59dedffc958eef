package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./streamcount} launcher with a fake {@code java} (and a {@code mvn} that must not be
 * called) first on PATH: an old Java is refused in one line before anything runs, and a launcher
 * called through a symlink from elsewhere still runs its own checkout's jar.
 */
class LauncherITCase {

    private static final Path LAUNCHER = Path.of("..", "streamcount").toAbsolutePath().normalize();

    record Run(int exit, String out, String err) {}

    private static Run launch(Path launcher, Path bin, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(bin.toFile());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A {@code java} that reports {@code version} and echoes what it is asked to run. */
    private static Path fakeBin(Path dir, String version) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(
                bin.resolve("java"),
                "case \"$*\" in *-XshowSettings*) echo \"    java.specification.version = "
                        + version
                        + "\" >&2; exit 0;; esac\necho \"java $*\"\n");
        script(bin.resolve("mvn"), "echo 'fake mvn called: the jar was stale' >&2\nexit 3\n");
        return bin;
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }

    @Test
    void anOldJavaIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path bin = fakeBin(dir, "11");
        Run r = launch(LAUNCHER, bin, "--version");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines())
                .as(r.toString())
                .containsExactly(
                        "streamcount: Java 17 or newer is needed; "
                                + bin.resolve("java")
                                + " is Java 11");
        assertThat(r.out()).as("nothing ran").isEmpty();

        Run java8 = launch(LAUNCHER, fakeBin(dir.resolve("8"), "1.8"), "--version");
        assertThat(java8.err()).as(java8.toString()).contains("is Java 1.8");
    }

    @Test
    void throughASymlinkItRunsItsOwnCheckoutsJar(@TempDir Path dir) throws Exception {
        Path bin = fakeBin(dir, "17");
        Path link = Files.createSymbolicLink(dir.resolve("sc"), LAUNCHER);
        Run r = launch(link, bin, "--version");
        assertThat(r.exit()).as(r.toString()).isZero();
        Path jar = LAUNCHER.getParent().resolve("streamcount-cli/target/streamcount.jar");
        assertThat(r.out()).as(r.toString()).contains("-jar " + jar + " --version");
    }
}
