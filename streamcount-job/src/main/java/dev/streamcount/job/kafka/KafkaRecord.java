package dev.streamcount.job.kafka;

/**
 * One Kafka record as the job sees it: where it came from, and its value bytes (null for a
 * tombstone). A POJO, so Flink serializes it without Kryo.
 */
public class KafkaRecord {
    public String topic;
    public int partition;
    public long offset;
    public byte[] value;

    public KafkaRecord() {}

    public KafkaRecord(String topic, int partition, long offset, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.value = value;
    }
}
