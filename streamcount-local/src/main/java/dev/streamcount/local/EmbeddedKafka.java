package dev.streamcount.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one) running inside this JVM from Kafka's own
 * jars, listening on 127.0.0.1 only. Its log lives in a directory that survives restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    static {
        // Kafka calls Exit.exit/halt on fatal errors; inside our JVM that must not kill the
        // process.
        Exit.setExitProcedure(
                (code, message) -> {
                    throw new IllegalStateException(
                            "embedded Kafka asked to exit(" + code + "): " + message);
                });
        Exit.setHaltProcedure(
                (code, message) -> {
                    throw new IllegalStateException(
                            "embedded Kafka asked to halt(" + code + "): " + message);
                });
    }

    /**
     * A second listener that takes only SASL_SSL with SCRAM-SHA-512, as secured production brokers
     * do, beside the plaintext one this class's own admin client uses.
     *
     * @param keystore a PKCS12 keystore with the broker's key and certificate
     * @param user the one SCRAM user, created when the log dir is formatted
     */
    public record SecureListener(
            int port, Path keystore, String keystorePassword, String user, String password) {
        @Override
        public String toString() {
            return "SecureListener[port=" + port + ", user=" + user + "]";
        }
    }

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final SecureListener secure;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    private EmbeddedKafka(
            Path logDir,
            int port,
            int controllerPort,
            SecureListener secure,
            Map<String, String> overrides) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.secure = secure;
        this.overrides = overrides;
    }

    /**
     * Formats {@code logDir} if it is new and starts the broker on 127.0.0.1:{@code port} (0 = any
     * free port), waiting until it answers.
     */
    public static EmbeddedKafka start(Path logDir, int port) throws IOException {
        return start(logDir, port, null);
    }

    /** As {@link #start(Path, int)}, with a SASL_SSL listener too if {@code secure} is not null. */
    public static EmbeddedKafka start(Path logDir, int port, SecureListener secure)
            throws IOException {
        return start(logDir, port, secure, Map.of());
    }

    /** As {@link #start(Path, int, SecureListener)}, with broker settings over this class's. */
    static EmbeddedKafka start(
            Path logDir, int port, SecureListener secure, Map<String, String> overrides)
            throws IOException {
        int brokerPort = Ports.claim("Kafka", port);
        Files.createDirectories(logDir);
        // Not the user's to choose, so never the reason a start fails (EmbeddedKafkaRestartTest):
        // a single node's static quorum keeps voter ids, not addresses.
        int controllerPort = Ports.lastOrFree(logDir.resolve("streamcount-controller-port"));
        EmbeddedKafka kafka =
                new EmbeddedKafka(logDir, brokerPort, controllerPort, secure, overrides);
        kafka.startServer();
        return kafka;
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://"
                        + Ports.LOOPBACK
                        + ":"
                        + port
                        + ",CONTROLLER://"
                        + Ports.LOOPBACK
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        if (secure != null) {
            String sasl = "SASL_SSL://" + Ports.LOOPBACK + ":" + secure.port();
            p.put("listeners", p.get("listeners") + "," + sasl);
            p.put("advertised.listeners", p.get("advertised.listeners") + "," + sasl);
            p.put(
                    "listener.security.protocol.map",
                    p.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
            p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.put(
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", secure.keystore().toAbsolutePath().toString());
            p.put("ssl.keystore.password", secure.keystorePassword());
            p.put("ssl.key.password", secure.keystorePassword());
        }
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "2");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "2");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "2");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the controller refuses the restarted broker until the old registration's
        // session expires (default 9 s); one node on loopback needs far less.
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Sized for a laptop: few threads, a small cleaner buffer (the default takes 128 MB of
        // heap).
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        // Keep every record: a start without state recounts the topic from its beginning, and a
        // broker's default of 7 days would leave it fewer records than were counted.
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", "-1");
        p.putAll(overrides);
        return p;
    }

    private void startServer() throws IOException {
        Properties props = serverProperties();
        Path propsFile = logDir.resolve("streamcount-server.properties");
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "written by streamcount on every start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            // A new log dir: format it once, like `kafka-storage.sh format`. Never reformat: that
            // would give the log a new cluster id and lose it.
            ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
            List<String> format =
                    new ArrayList<>(
                            List.of(
                                    "format",
                                    "-t",
                                    Uuid.randomUuid().toString(),
                                    "-c",
                                    propsFile.toString()));
            if (secure != null) {
                // In KRaft, the first SCRAM credentials are written with the format.
                format.add("--add-scram");
                format.add(
                        "SCRAM-SHA-512=[name="
                                + secure.user()
                                + ",password="
                                + secure.password()
                                + "]");
            }
            int formatted =
                    StorageTool.execute(
                            format.toArray(String[]::new),
                            new PrintStream(formatOutput, true, StandardCharsets.UTF_8));
            if (formatted != 0) {
                throw new IOException(
                        "Formatting the Kafka log dir " + logDir + " failed: " + formatOutput);
            }
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
        LOG.info("Kafka listening on {}", bootstrapServers());
    }

    private void awaitReady(Duration timeout) {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Embedded Kafka did not come up on " + bootstrapServers(), e);
        }
    }

    public String bootstrapServers() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The SASL_SSL listener's address; only when started with a {@link SecureListener}. */
    public String secureBootstrapServers() {
        if (secure == null) {
            throw new IllegalStateException("started without a secure listener");
        }
        return Ports.LOOPBACK + ":" + secure.port();
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(p);
    }

    /** Creates {@code topic} if it does not exist yet. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Creating topic " + topic + " failed", e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Creating topic " + topic + " failed", e);
        }
    }

    /** Stops the broker (keeping its log) and starts it again on the same port. */
    public void restart() throws IOException {
        stopServer();
        startServer();
    }

    private void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close() {
        stopServer();
    }

    /** Helper for tests and tools: a topic list in one call. */
    public List<String> topics() throws Exception {
        try (Admin admin = admin()) {
            return List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }
}
