package dev.streamcount.job.loopback;

import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;

/**
 * Puts a {@link LocalOnlyRestGuard} on every connection of Flink's REST endpoint when {@link
 * #ENABLED} is set, which {@link LoopbackFlink} does for the MiniClusters streamcount starts
 * itself. Flink finds this factory through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory}), in
 * 1.20 and 2.2 alike; on a cluster the option is unset and the factory adds nothing.
 */
public final class LocalOnlyRestGuardFactory implements InboundChannelHandlerFactory {

    /** Whether the REST endpoint answers only its own origin's GETs. */
    public static final ConfigOption<Boolean> ENABLED =
            ConfigOptions.key("streamcount.rest.local-only")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Refuse every REST request but a GET or HEAD naming 127.0.0.1 or"
                                    + " localhost, from no other origin (streamcount's own"
                                    + " MiniClusters).");

    @Override
    public int priority() {
        // Flink adds the handlers of all factories in priority order; this one moves itself to
        // the front of the pipeline anyway (LocalOnlyRestGuard#handlerAdded).
        return Integer.MAX_VALUE;
    }

    @Override
    public Optional<ChannelHandler> createHandler(
            Configuration configuration, Map<String, String> responseHeaders) {
        return configuration.get(ENABLED)
                ? Optional.of(new LocalOnlyRestGuard())
                : Optional.empty();
    }
}
