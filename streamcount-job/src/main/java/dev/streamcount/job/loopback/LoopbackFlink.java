package dev.streamcount.job.loopback;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The settings that close a MiniCluster streamcount starts in its own JVM ({@code local}, {@code
 * demo}, {@code bench}, and {@code job} run from the CLI) to everything but the user's own loopback
 * reads: every socket (REST, blob server, RPC, shuffle) on 127.0.0.1, no jar uploads, no cancel or
 * rescale buttons, and the {@link LocalOnlyRestGuard} on the REST endpoint. The job itself is
 * controlled in-process (a {@code JobClient}), never through REST.
 */
public final class LoopbackFlink {
    /** The only address streamcount's own MiniClusters listen on. */
    public static final String LOOPBACK = "127.0.0.1";

    private LoopbackFlink() {}

    /**
     * Sets the loopback settings on {@code conf} and returns it.
     *
     * @param restPort the REST endpoint's port (0 for any free one)
     */
    public static Configuration configure(Configuration conf, int restPort) {
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.PORT, restPort);
        conf.set(WebOptions.SUBMIT_ENABLE, false);
        conf.set(WebOptions.CANCEL_ENABLE, false);
        conf.set(WebOptions.RESCALE_ENABLE, false);
        // Flink's default is "*". The guard strips the header anyway; this names the only origin
        // that may read (with port 0 none is known before the bind, so none at all).
        conf.set(
                WebOptions.ACCESS_CONTROL_ALLOW_ORIGIN,
                restPort == 0 ? "http://" + LOOPBACK : "http://" + LOOPBACK + ":" + restPort);
        conf.set(LocalOnlyRestGuardFactory.ENABLED, true);
        // The blob server binds to the JobManager's bind host, by default every address.
        conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
        conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        conf.set(TaskManagerOptions.HOST, LOOPBACK);
        return conf;
    }

    /**
     * The environment the job runs in: the one a cluster provides ({@code flink run}, Managed
     * Service for Apache Flink, a test's MiniCluster) unchanged, else a loopback MiniCluster in
     * this JVM. Without this, {@code streamcount job} from the CLI got Flink's default local
     * environment, whose REST endpoint and blob server listen on every address with jar uploads on,
     * in a JVM holding the AWS and Kafka credentials.
     */
    public static StreamExecutionEnvironment jobEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            // No cluster set a context environment: nothing has started yet, so replace it.
            return StreamExecutionEnvironment.createLocalEnvironment(
                    configure(new Configuration(), 0));
        }
        return env;
    }
}
