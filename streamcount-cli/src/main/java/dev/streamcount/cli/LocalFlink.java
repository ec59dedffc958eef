package dev.streamcount.cli;

import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM, sized for a laptop, closed to the network: every socket it opens
 * (web UI, blob server, RPC, shuffle) binds to 127.0.0.1, and the web UI takes no jar uploads or
 * job submissions ({@code local}, {@code demo} and {@code bench} submit their job themselves). A
 * jar upload on loopback is still code execution for any other user of the machine, or for a web
 * page in the user's browser posting a form to 127.0.0.1.
 */
public final class LocalFlink {
    private static final String LOOPBACK = "127.0.0.1";

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
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.PORT, webPort);
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        // The blob server binds to the JobManager's bind host, by default every address.
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
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
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }
}
