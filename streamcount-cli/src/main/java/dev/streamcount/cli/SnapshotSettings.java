package dev.streamcount.cli;

import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The flags whose change makes a restored state wrong, as {@code local} saves them beside its
 * checkpoints and savepoints ({@value #FILE}): restoring with another topic would keep reading the
 * old one too (its splits are in the state), with another table would leave it holding only the
 * words that change from then on, with another delivery or state backend cannot restore at all.
 * Parallelism, flush and checkpoint interval may change freely.
 */
record SnapshotSettings(Map<String, String> flags) {

    static final String FILE = "streamcount.properties";

    static SnapshotSettings of(JobConfig config) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--topic", config.topic());
        flags.put("--table", config.table());
        flags.put("--delivery", lower(config.delivery()));
        flags.put("--state-backend", lower(config.stateBackend()));
        // Windows turned on, off or resized over a resumed state would leave windows counted
        // from the middle: only a recount makes every window exact.
        flags.put(
                "--window",
                config.windowing().enabled() ? Durations.format(config.windowing().size()) : "off");
        if (config.windowing().enabled()) {
            flags.put("--window-table", config.windowTable());
        }
        return new SnapshotSettings(flags);
    }

    /** What {@code dir} holds, or empty if nothing was saved there (an older streamcount). */
    static Optional<SnapshotSettings> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<String, String> flags = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> flags.put(k, p.getProperty(k)));
        return Optional.of(new SnapshotSettings(flags));
    }

    /** Saves these settings in {@code dir}. */
    void write(Path dir) throws IOException {
        Properties p = new Properties();
        p.putAll(flags);
        Files.createDirectories(dir);
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(out, "the flags of the streamcount local run whose state this is");
        }
    }

    /** The flags that differ, as {@code --topic a (now b)}; empty if none. */
    List<String> differencesFrom(SnapshotSettings now) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : now.flags.entrySet()) {
            String saved = flags.get(e.getKey());
            if (saved == null && e.getKey().equals("--window")) {
                saved = "off"; // saved before windows existed: there were none
            }
            if (saved != null && !saved.equals(e.getValue())) {
                diffs.add(e.getKey() + " " + saved + " (now " + e.getValue() + ")");
            }
        }
        return diffs;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
