package dev.streamcount.cli;

import dev.streamcount.job.loopback.LoopbackFlink;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM, sized for a laptop, closed to the network and read-only over
 * REST ({@link LoopbackFlink}): {@code local}, {@code demo} and {@code bench} submit and stop their
 * job in-process. A submission or a stop over REST, even on loopback, would be code execution or
 * job control for any other user of the machine, or for a web page in the user's browser.
 */
public final class LocalFlink {
    private LocalFlink() {}

    /**
     * @param webPort the web UI's port (0 for any free one)
     * @param checkpointDir where checkpoints go (retained on cancel and crash), or null to keep
     *     them in JobManager memory
     * @param restoreFrom a checkpoint or savepoint directory to resume from, or null for a fresh
     *     start
     */
    public static StreamExecutionEnvironment environment(
            int parallelism, int webPort, Path checkpointDir, Path restoreFrom) {
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
                configuration(parallelism, webPort, checkpointDir, restoreFrom));
    }

    /** The configuration {@link #environment} starts its MiniCluster with. */
    static Configuration configuration(
            int parallelism, int webPort, Path checkpointDir, Path restoreFrom) {
        Configuration conf = LoopbackFlink.configure(new Configuration(), webPort);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        StatusMetrics.register(conf);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
            conf.set(
                    CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        }
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        return conf;
    }
}
