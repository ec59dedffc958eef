package dev.streamcount.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.util.FileUtils;

/**
 * Where {@code streamcount local} keeps Flink's state in its data dir, and which checkpoint or
 * savepoint a new start resumes from.
 *
 * <pre>
 *   DATA/checkpoints/JOBID/chk-N/_metadata   retained checkpoints (kept on cancel and on kill -9)
 *   DATA/savepoints/savepoint-X/_metadata    the final savepoint taken on Ctrl-C
 * </pre>
 */
final class LocalState {
    private final Path checkpoints;
    private final Path savepoints;

    LocalState(Path dataDir) {
        this.checkpoints = dataDir.resolve("checkpoints").toAbsolutePath();
        this.savepoints = dataDir.resolve("savepoints").toAbsolutePath();
    }

    Path checkpointDir() {
        return checkpoints;
    }

    Path savepointDir() {
        return savepoints;
    }

    /** A completed checkpoint or savepoint: its directory and when its metadata was written. */
    record Snapshot(Path dir, FileTime written, long checkpointId) {}

    /**
     * The newest checkpoint or savepoint whose metadata Flink can read. A process killed while
     * writing one leaves an unreadable {@code _metadata}; that one is skipped, not resumed from.
     */
    Optional<Snapshot> latest() {
        List<Path> candidates;
        try (Stream<Path> a = find(checkpoints, 3);
                Stream<Path> b = find(savepoints, 2)) {
            candidates =
                    Stream.concat(a, b)
                            .filter(p -> p.getFileName().toString().equals("_metadata"))
                            .sorted(Comparator.comparing(LocalState::modified).reversed())
                            .toList();
        }
        for (Path metadata : candidates) {
            Optional<Long> id = readCheckpointId(metadata);
            if (id.isPresent()) {
                return Optional.of(
                        new Snapshot(metadata.getParent(), modified(metadata), id.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes every checkpoint and savepoint but {@code keep}, so restarts do not fill the disk.
     */
    void pruneAllBut(Snapshot keep) {
        try (Stream<Path> jobs = list(checkpoints);
                Stream<Path> saves = list(savepoints)) {
            Stream.concat(jobs, saves)
                    .filter(dir -> !keep.dir().startsWith(dir))
                    .forEach(dir -> FileUtils.deleteDirectoryQuietly(dir.toFile()));
        }
    }

    private static Optional<Long> readCheckpointId(Path metadata) {
        try (InputStream in = Files.newInputStream(metadata)) {
            return Optional.of(
                    Checkpoints.loadCheckpointMetadata(
                                    new DataInputStream(in),
                                    LocalState.class.getClassLoader(),
                                    metadata.getParent().toString())
                            .getCheckpointId());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Stream<Path> find(Path root, int depth) {
        if (!Files.isDirectory(root)) return Stream.empty();
        try {
            return Files.find(root, depth, (p, attrs) -> attrs.isRegularFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> list(Path root) {
        if (!Files.isDirectory(root)) return Stream.empty();
        try {
            return Files.list(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
