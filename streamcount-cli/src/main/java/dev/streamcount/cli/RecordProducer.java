package dev.streamcount.cli;

import dev.streamcount.job.config.JobConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records (value only, no key) to a topic and tracks acknowledgements: {@link #close()}
 * returns only when every record has been acknowledged or has failed.
 */
public final class RecordProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    /** A producer to {@code config}'s topic, with its Kafka client settings. */
    public RecordProducer(JobConfig config) {
        Properties p = config.kafkaClient().properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        this.producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = config.topic();
    }

    public void send(byte[] value) {
        send(new ProducerRecord<>(topic, value));
    }

    /**
     * Sends {@code value} stamped with {@code timestamp} (epoch milliseconds: its event time) to
     * {@code partition}, or to the partition the producer chooses if null.
     */
    public void send(Integer partition, long timestamp, byte[] value) {
        send(new ProducerRecord<>(topic, partition, timestamp, null, value));
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        sent.incrementAndGet();
        producer.send(
                record,
                (metadata, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                });
    }

    /** Sends one record per line of {@code in} ({@code \n} or {@code \r\n}), bytes as they are. */
    public long sendLines(InputStream in, AtomicLong bytesRead) throws IOException {
        long lines = 0;
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            bytesRead.addAndGet(n);
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    line.write(buf, start, i - start);
                    send(stripCr(line.toByteArray()));
                    lines++;
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buf, start, n - start);
        }
        if (line.size() > 0) {
            send(stripCr(line.toByteArray()));
            lines++;
        }
        return lines;
    }

    private static byte[] stripCr(byte[] b) {
        return b.length > 0 && b[b.length - 1] == '\r'
                ? java.util.Arrays.copyOf(b, b.length - 1)
                : b;
    }

    /** Sends what is buffered now instead of after the linger time. */
    public void flush() {
        producer.flush();
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception firstError() {
        return firstError.get();
    }

    /** Waits for every record to be acknowledged (or to fail), then closes. */
    @Override
    public void close() {
        producer.flush();
        producer.close();
    }
}
