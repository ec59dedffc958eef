package dev.streamcount.job.config;

import dev.streamcount.job.error.StreamCountException;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Kafka client settings beyond the bootstrap servers ({@code security.protocol}, {@code sasl.*},
 * {@code ssl.*}, …), applied to every Kafka client the job and the CLI create: the source, the
 * dead-letter producer, the admin client of the checks at start, and {@code produce}.
 *
 * <p>Values may be secrets: {@link #toString()} shows every value whose key names a password, a
 * passphrase, a JAAS configuration, a secret, a token or a key as {@code [hidden]}, so printing a
 * {@link JobConfig} never shows one. Kafka's own clients log such values as {@code [hidden]} too.
 */
public record KafkaClientSettings(Map<String, String> values) implements Serializable {

    /** Keys whose values are never shown. */
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(password|passphrase|jaas|secret|token|credential|\\.key$).*");

    public KafkaClientSettings {
        values = Map.copyOf(values);
    }

    /** No settings: a plaintext connection, as Kafka's clients default to. */
    public static KafkaClientSettings none() {
        return new KafkaClientSettings(Map.of());
    }

    /**
     * The settings of {@code file} (a Java properties file, as Kafka's tools take with {@code
     * --command-config}; null for none), with {@code overrides} on top.
     *
     * @throws StreamCountException naming the file if it cannot be read
     */
    public static KafkaClientSettings load(Path file, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new StreamCountException(
                        "Cannot read Kafka client settings from " + file + ": " + e.getMessage(),
                        e);
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        }
        values.putAll(overrides);
        return new KafkaClientSettings(values);
    }

    /** These settings with {@code more} on top. */
    public KafkaClientSettings with(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(more);
        return new KafkaClientSettings(merged);
    }

    /** A fresh copy for a Kafka client's configuration. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }

    /** Whether the value of {@code key} is a secret, never to be shown. */
    public static boolean isSecret(String key) {
        return SECRET.matcher(key).matches();
    }

    @Override
    public String toString() {
        return new TreeMap<>(values)
                .entrySet().stream()
                        .map(
                                e ->
                                        e.getKey()
                                                + "="
                                                + (isSecret(e.getKey())
                                                        ? "[hidden]"
                                                        : e.getValue()))
                        .collect(Collectors.joining(", ", "{", "}"));
    }
}
