package dev.streamcount.job.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.streamcount.job.error.StreamCountException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Settings from Amazon Managed Service for Apache Flink (MSF), which passes an application no
 * command-line flags: it writes runtime property groups to a file, read here with {@code
 * aws-kinesisanalytics-runtime}. Group {@value #GROUP} holds flags (keys are the long flag names
 * without the leading dashes, e.g. {@code bootstrap-servers}, {@code table}, {@code delivery});
 * group {@value #KAFKA_GROUP} holds Kafka client settings, as {@code --kafka-property} would. Flags
 * on the command line win over both. Unknown groups and keys are errors, as unknown flags are.
 */
public final class ManagedFlinkProperties {

    /** Where MSF writes the runtime properties of the application. */
    public static final Path FILE = Path.of("/etc/flink/application_properties.json");

    /** The property group of flags. */
    public static final String GROUP = "StreamCount";

    /** The property group of Kafka client settings. */
    public static final String KAFKA_GROUP = "KafkaClient";

    private ManagedFlinkProperties() {}

    /**
     * {@code args} with the settings of {@code file} added before them, for every flag the command
     * line does not give; {@code args} unchanged if there is no such file (not on MSF).
     *
     * @throws StreamCountException naming the file, group and key of a setting that is not a flag
     *     of {@code spec}, or a file that cannot be read
     */
    public static String[] apply(Path file, CommandSpec spec, String[] args) {
        if (!Files.exists(file)) {
            return args;
        }
        Map<String, Properties> groups;
        try {
            groups = KinesisAnalyticsRuntime.getApplicationProperties(file.toString());
        } catch (IOException | RuntimeException e) {
            throw new StreamCountException(
                    "Cannot read the runtime properties in " + file + ": " + e.getMessage(), e);
        }
        for (String group : groups.keySet()) {
            if (!group.equals(GROUP) && !group.equals(KAFKA_GROUP)) {
                throw new StreamCountException(
                        "Unknown property group '"
                                + group
                                + "' in "
                                + file
                                + " (groups are "
                                + GROUP
                                + " and "
                                + KAFKA_GROUP
                                + ")");
            }
        }
        List<String> merged = new ArrayList<>();
        Properties kafka = groups.getOrDefault(KAFKA_GROUP, new Properties());
        for (String key : new TreeSet<>(kafka.stringPropertyNames())) {
            // Before the command line's own --kafka-property: a later value of a key wins.
            merged.add("--kafka-property");
            merged.add(key + "=" + kafka.getProperty(key));
        }
        Properties flags = groups.getOrDefault(GROUP, new Properties());
        for (String key : new TreeSet<>(flags.stringPropertyNames())) {
            String flag = "--" + key;
            OptionSpec option = spec.findOption(flag);
            if (option == null || option.usageHelp() || option.versionHelp()) {
                throw new StreamCountException(
                        "Unknown key '"
                                + key
                                + "' in property group "
                                + GROUP
                                + " of "
                                + file
                                + " (keys are the long flag names without the dashes: "
                                + flagNames(spec)
                                + ")");
            }
            if (!given(args, flag)) {
                merged.add(flag + "=" + flags.getProperty(key));
            }
        }
        merged.addAll(List.of(args));
        return merged.toArray(String[]::new);
    }

    private static boolean given(String[] args, String flag) {
        for (String arg : args) {
            if (arg.equals(flag) || arg.startsWith(flag + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String flagNames(CommandSpec spec) {
        return spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(o -> o.longestName().substring(2))
                .sorted()
                .collect(Collectors.joining(", "));
    }
}
