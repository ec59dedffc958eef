package dev.streamcount.cli;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.KafkaOptions;
import dev.streamcount.job.error.StreamCountException;
import dev.streamcount.job.kafka.KafkaPreflight;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Send one Kafka record per line, from files or stdin; exits when every record is"
                        + " acknowledged.")
class ProduceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Parameters(
            paramLabel = "FILE",
            arity = "0..*",
            description = "Files to send (default: stdin).")
    List<Path> files = List.of();

    @Override
    public Integer call() throws Exception {
        JobConfig config = kafka.applyTo(JobConfig.defaults());
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                throw new StreamCountException("Cannot read " + f);
            }
        }
        try (KafkaPreflight preflight = new KafkaPreflight(config)) {
            preflight.checkTopic();
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        long lines = 0;
        AtomicLong bytes = new AtomicLong();
        RecordProducer producer = new RecordProducer(config);
        try (producer) {
            if (files.isEmpty()) {
                lines = producer.sendLines(System.in, bytes);
            } else {
                long total = 0;
                for (Path f : files) total += Files.size(f);
                try (ProgressBar bar =
                        ProgressBar.forTerminal(
                                spec.commandLine().getErr(), total, bytes, producer)) {
                    for (Path f : files) {
                        try (InputStream in = Files.newInputStream(f)) {
                            lines += producer.sendLines(in, bytes);
                        }
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (producer.failed() > 0) {
            throw new StreamCountException(
                    producer.failed()
                            + " of "
                            + lines
                            + " records were not acknowledged by "
                            + config.bootstrapServers()
                            + ": "
                            + producer.firstError().getMessage());
        }
        out.printf(
                "produced %,d records (%,d bytes) to %s at %s in %.1fs%n",
                producer.acked(), bytes.get(), config.topic(), config.bootstrapServers(), seconds);
        return 0;
    }
}
