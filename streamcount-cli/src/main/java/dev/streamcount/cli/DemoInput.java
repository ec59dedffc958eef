package dev.streamcount.cli;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.local.TextGenerator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's input: the bundled multilingual sample and seeded Zipf text, sent to Kafka and counted
 * independently on the way ({@link ReferenceWordCount}, and per window {@link
 * ReferenceWindowCount}).
 */
final class DemoInput {
    private DemoInput() {}

    /**
     * Sends the bundled sample, then {@code words} generated words, recording every record in the
     * reference counts; with windows, stamped across {@value #DEMO_WINDOWS} windows.
     *
     * @return the records acknowledged
     */
    static long send(
            JobConfig config,
            long seed,
            int vocabulary,
            long words,
            ReferenceWordCount reference,
            ReferenceWindowCount windows)
            throws Exception {
        List<byte[]> lines = new ArrayList<>();
        try (InputStream in = DemoInput.class.getResourceAsStream("/sample.txt")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .forEach(l -> lines.add(l.getBytes(StandardCharsets.UTF_8)));
        }
        TextGenerator generator = new TextGenerator(seed, vocabulary, 1.1);
        while (generator.wordsGenerated() < words) {
            lines.add(generator.nextLine().getBytes(StandardCharsets.UTF_8));
        }
        RecordProducer producer = new RecordProducer(config);
        try (producer) {
            if (windows == null) {
                for (byte[] line : lines) {
                    reference.add(line);
                    producer.send(line);
                }
            } else {
                sendAcrossWindows(config, lines, reference, windows, producer);
            }
        }
        if (producer.failed() > 0) {
            throw new IllegalStateException(
                    "Producing the demo input failed", producer.firstError());
        }
        return producer.acked();
    }

    /** With windows: the input's timestamps cover this many windows. */
    static final int DEMO_WINDOWS = 12;

    static Duration eventSpan(JobConfig config) {
        return config.windowing().size().multipliedBy(DEMO_WINDOWS);
    }

    /**
     * Stamps the lines with event times spread evenly over {@value #DEMO_WINDOWS} windows ending
     * now, in order, so none is late; then closes the last window: one empty record per partition
     * stamped after it (plus the max out-of-orderness), which moves the watermark past it. They are
     * reported as dead letters ("empty record") and count nowhere.
     */
    private static void sendAcrossWindows(
            JobConfig config,
            List<byte[]> lines,
            ReferenceWordCount reference,
            ReferenceWindowCount windows,
            RecordProducer producer) {
        long span = eventSpan(config).toMillis();
        long start = System.currentTimeMillis() - span;
        for (int i = 0; i < lines.size(); i++) {
            long timestamp = start + span * i / lines.size();
            reference.add(lines.get(i));
            windows.add(timestamp, lines.get(i));
            producer.send(null, timestamp, lines.get(i));
        }
        long closing =
                start
                        + span
                        + config.windowing().size().toMillis()
                        + config.windowing().maxOutOfOrderness().toMillis()
                        + 1;
        for (int partition = 0; partition < 2; partition++) {
            producer.send(partition, closing, new byte[0]);
        }
    }
}
