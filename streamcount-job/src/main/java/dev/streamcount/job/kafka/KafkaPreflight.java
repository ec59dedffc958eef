package dev.streamcount.job.kafka;

import dev.streamcount.job.config.Durations;
import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.error.ErrorHandler;
import dev.streamcount.job.error.StreamCountException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job checks in Kafka before it starts, with one admin client and within {@code
 * --kafka-timeout}: the input topic exists, and the dead-letter topic exists (created if missing).
 * Every failure is a {@link StreamCountException} naming the address and what was waited for.
 */
public final class KafkaPreflight implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

    /** After this long without an answer, say what is being waited for. */
    private static final long QUIET_MILLIS = 2_000;

    private final JobConfig config;
    private final long timeoutMillis;
    private final Admin admin;

    public KafkaPreflight(JobConfig config) {
        this.config = config;
        this.timeoutMillis = Math.min(Integer.MAX_VALUE, config.kafkaTimeout().toMillis());
        Properties props = config.kafkaClient().properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        props.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMillis, 10_000));
        this.admin = Admin.create(props);
    }

    /** Both checks the job needs: the input topic exists, and so does the dead-letter topic. */
    public static void check(JobConfig config) {
        try (KafkaPreflight kafka = new KafkaPreflight(config)) {
            kafka.checkTopic();
            kafka.ensureDeadLetterTopic();
        }
    }

    /** Waits for the brokers to describe the input topic. */
    public TopicDescription checkTopic() {
        String topic = config.topic();
        try {
            return await(
                            admin.describeTopics(List.of(topic)).allTopicNames(),
                            "topic '" + topic + "'")
                    .get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new StreamCountException(
                        "Kafka topic '"
                                + topic
                                + "' does not exist at "
                                + config.bootstrapServers());
            }
            throw failed(e.getCause());
        }
    }

    /**
     * Creates the dead-letter topic if it does not exist (one partition: such records are rare).
     */
    public void ensureDeadLetterTopic() {
        String topic = config.deadLetterTopic();
        try {
            if (!await(admin.listTopics().names(), "the topic list").contains(topic)) {
                await(
                        admin.createTopics(
                                        List.of(
                                                new NewTopic(
                                                        topic, Optional.empty(), Optional.empty())))
                                .all(),
                        "dead-letter topic '" + topic + "' to be created");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                    || e.getCause() instanceof AuthenticationException) {
                throw failed(e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StreamCountException(
                        "Cannot create the dead-letter topic '"
                                + topic
                                + "' at "
                                + config.bootstrapServers()
                                + ": "
                                + e.getCause().getMessage()
                                + " (create it, or name another with --dead-letter-topic)",
                        e);
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }

    /** Waits up to the Kafka timeout, saying after a quiet while what it waits for. */
    private <T> T await(KafkaFuture<T> answer, String what) throws ExecutionException {
        try {
            long quiet = Math.min(QUIET_MILLIS, timeoutMillis);
            try {
                return answer.get(quiet, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                // No silent hang: say what we are waiting for, and for how long.
                LOG.warn(
                        "Waiting up to {} for Kafka at {} ({}); change the limit with"
                                + " --kafka-timeout",
                        Durations.format(config.kafkaTimeout()),
                        config.bootstrapServers(),
                        what);
                return answer.get(timeoutMillis - quiet, TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamCountException(
                    "Interrupted while waiting for Kafka at " + config.bootstrapServers());
        }
    }

    private StreamCountException failed(Throwable cause) {
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unreachable();
        }
        if (cause instanceof SslAuthenticationException) {
            return new StreamCountException(
                    "TLS with Kafka at "
                            + config.bootstrapServers()
                            + " failed: "
                            + ErrorHandler.firstLine(cause)
                            + " (check ssl.* in the Kafka client settings)",
                    cause);
        }
        if (cause instanceof AuthenticationException) {
            return new StreamCountException(
                    "Kafka at "
                            + config.bootstrapServers()
                            + " refused the client's credentials: "
                            + ErrorHandler.firstLine(cause)
                            + " (check sasl.* in the Kafka client settings)",
                    cause);
        }
        if (cause instanceof AuthorizationException) {
            return new StreamCountException(
                    "Kafka at "
                            + config.bootstrapServers()
                            + " denied access: "
                            + ErrorHandler.firstLine(cause),
                    cause);
        }
        return new StreamCountException(
                "Kafka at " + config.bootstrapServers() + " failed: " + cause.getMessage(), cause);
    }

    private StreamCountException unreachable() {
        return new StreamCountException(
                "Kafka unreachable at "
                        + config.bootstrapServers()
                        + ": no broker answered within "
                        + Durations.format(config.kafkaTimeout())
                        + " (change it with --kafka-timeout)");
    }
}
