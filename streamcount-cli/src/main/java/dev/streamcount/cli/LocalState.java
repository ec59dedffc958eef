package dev.streamcount.cli;

import dev.streamcount.job.error.StreamCountException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.util.FileUtils;

/**
 * Where {@code streamcount local} keeps Flink's state in its data dir, and which checkpoint or
 * savepoint a new start resumes from.
 *
 * <pre>
 *   DATA/checkpoints/JOBID/chk-N/_metadata   retained checkpoints (kept on cancel and on kill -9)
 *   DATA/checkpoints/JOBID/streamcount.properties   the flags that job ran with
 *   DATA/savepoints/savepoint-X/_metadata    the final savepoint taken on Ctrl-C
 *   DATA/savepoints/savepoint-X/streamcount.properties
 * </pre>
 *
 * <p>The newest is the one with the highest checkpoint id, which a restored job continues from:
 * file times say nothing once a data dir was copied or the clock stepped back.
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

    /**
     * A completed checkpoint or savepoint: its directory, when its metadata was written, and the
     * flags it was taken with if they were saved.
     */
    record Snapshot(
            Path dir, FileTime written, long checkpointId, Optional<SnapshotSettings> settings) {

        /** The line {@code local} prints when it resumes from this snapshot. */
        String describe() {
            return "Resumed from "
                    + dir
                    + " (checkpoint "
                    + checkpointId
                    + ", written "
                    + written
                    + ")";
        }
    }

    /**
     * The checkpoint or savepoint with the highest checkpoint id whose metadata Flink can read. A
     * process killed while writing one leaves an unreadable {@code _metadata}; that one is skipped,
     * not resumed from.
     */
    Optional<Snapshot> latest() {
        List<Path> candidates;
        try (Stream<Path> a = find(checkpoints, 3);
                Stream<Path> b = find(savepoints, 2)) {
            candidates =
                    Stream.concat(a, b)
                            .filter(p -> p.getFileName().toString().equals("_metadata"))
                            .toList();
        }
        Snapshot newest = null;
        for (Path metadata : candidates) {
            Optional<Long> id = readCheckpointId(metadata);
            if (id.isPresent() && (newest == null || id.get() > newest.checkpointId())) {
                Path dir = metadata.getParent();
                // A checkpoint's flags are its job's; a savepoint's are its own.
                Path settings = dir.startsWith(checkpoints) ? dir.getParent() : dir;
                newest =
                        new Snapshot(
                                dir, modified(metadata), id.get(), SnapshotSettings.read(settings));
            }
        }
        return Optional.ofNullable(newest);
    }

    /**
     * The snapshot a start with {@code now} resumes from: the newest, unless {@code fresh} (then
     * every snapshot is deleted first, so none of them can be picked by a later start either).
     *
     * @throws StreamCountException if the newest was taken with other flags that matter
     */
    Optional<Snapshot> resumable(SnapshotSettings now, JobConfigView config, boolean fresh) {
        if (fresh) {
            pruneAll();
            return Optional.empty();
        }
        Optional<Snapshot> latest = latest();
        List<String> diffs =
                latest.flatMap(Snapshot::settings)
                        .map(saved -> saved.differencesFrom(now))
                        .orElse(List.of());
        if (!diffs.isEmpty()) {
            throw new StreamCountException(
                    "The state in "
                            + latest.get().dir()
                            + " was saved with "
                            + String.join(", ", diffs)
                            + ": start with the saved flags to resume it, or add --fresh to count"
                            + " topic '"
                            + config.topic()
                            + "' from its beginning into table '"
                            + config.table()
                            + "' (the state is deleted; totals already in that table stay until"
                            + " the recount passes them)");
        }
        return latest;
    }

    /** The two settings the refusal names. */
    record JobConfigView(String topic, String table) {}

    /**
     * Once job {@code jobId} has a completed checkpoint of its own, deletes every other checkpoint
     * and savepoint: the one it was restored from stays until then, in case it never gets that far.
     */
    void pruneOnceCheckpointed(String jobId) {
        Path own = checkpoints.resolve(jobId);
        Thread t =
                new Thread(
                        () -> {
                            while (true) {
                                Optional<Snapshot> newest = latest();
                                if (newest.isPresent() && newest.get().dir().startsWith(own)) {
                                    pruneAllBut(newest.get());
                                    return;
                                }
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                            }
                        },
                        "streamcount-prune");
        t.setDaemon(true);
        t.start();
    }

    /** Saves the flags of job {@code jobId} beside its checkpoints. */
    void recordJob(String jobId, SnapshotSettings settings) throws IOException {
        settings.write(checkpoints.resolve(jobId));
    }

    /**
     * Saves the flags of a savepoint beside it ({@code savepoint} as Flink names it, a path or a
     * {@code file:} URI). Without them it is still resumed from, its flags unchecked: says so.
     */
    void recordSavepoint(String savepoint, SnapshotSettings settings) {
        try {
            settings.write(
                    savepoint.startsWith("file:")
                            ? Path.of(URI.create(savepoint))
                            : Path.of(savepoint));
        } catch (IOException | RuntimeException e) {
            System.err.println(
                    "streamcount: could not save the flags beside the savepoint (" + e + ")");
        }
    }

    /** Deletes every checkpoint and savepoint, for a start that recounts from nothing. */
    void pruneAll() {
        try (Stream<Path> jobs = list(checkpoints);
                Stream<Path> saves = list(savepoints)) {
            Stream.concat(jobs, saves)
                    .forEach(dir -> FileUtils.deleteDirectoryQuietly(dir.toFile()));
        }
    }

    /**
     * Deletes every checkpoint and savepoint but {@code keep}, so restarts do not fill the disk.
     */
    void pruneAllBut(Snapshot keep) {
        try (Stream<Path> jobs = list(checkpoints);
                Stream<Path> saves = list(savepoints)) {
            Stream.concat(jobs, saves.filter(save -> olderThan(save, keep)))
                    .filter(dir -> !keep.dir().startsWith(dir))
                    .forEach(dir -> FileUtils.deleteDirectoryQuietly(dir.toFile()));
        }
    }

    /**
     * Whether savepoint {@code save} is complete and older than {@code keep}. One being written (no
     * metadata yet) or taken after {@code keep} was found (a stop right after the first checkpoint)
     * is newer state and stays.
     */
    private static boolean olderThan(Path save, Snapshot keep) {
        Path metadata = save.resolve("_metadata");
        return Files.exists(metadata)
                && readCheckpointId(metadata).map(id -> id < keep.checkpointId()).orElse(false);
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
