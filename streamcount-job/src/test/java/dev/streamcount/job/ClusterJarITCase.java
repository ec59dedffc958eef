package dev.streamcount.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.ManagedFlinkProperties;
import dev.streamcount.job.line.FlinkLine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The cluster jar as {@code package} built it: what a Flink cluster, or Amazon Managed Service for
 * Apache Flink, loads with Flink itself on the classpath and nothing else.
 */
class ClusterJarITCase {

    private static Path clusterJar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found =
                Files.newDirectoryStream(
                        Path.of("target"), "streamcount-job-*-" + FlinkLine.NAME + ".jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("the cluster jar, built in the package phase").hasSize(1);
        return jars.get(0);
    }

    @Test
    void mskIamAuthenticationLoadsFromTheJarAlone() throws Exception {
        // Parent: the JDK and SLF4J, which Flink's lib/ provides (the jar leaves logging out). The
        // handler and the Kafka interface it implements must both come from the jar, as they do
        // on a cluster whose classpath has Flink but no Kafka client.
        URL slf4j = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader flinkLib =
                        new URLClassLoader(
                                new URL[] {slf4j}, ClassLoader.getPlatformClassLoader());
                URLClassLoader jar =
                        new URLClassLoader(new URL[] {clusterJar().toUri().toURL()}, flinkLib)) {
            Class<?> handler =
                    Class.forName(
                            "software.amazon.msk.auth.iam.IAMClientCallbackHandler", true, jar);
            Class<?> kafkaInterface =
                    Class.forName(
                            "org.apache.kafka.common.security.auth.AuthenticateCallbackHandler",
                            false,
                            jar);
            assertThat(kafkaInterface.isAssignableFrom(handler)).isTrue();
            assertThat(handler.getClassLoader()).isSameAs(jar);
            Class.forName("software.amazon.msk.auth.iam.IAMLoginModule", true, jar);
        }
    }

    @Test
    void theEntryPointIsThereAndFlinkIsNot() throws Exception {
        try (URLClassLoader jar =
                new URLClassLoader(
                        new URL[] {clusterJar().toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            assertThat(jar.findResource("dev/streamcount/job/StreamCountJob.class")).isNotNull();
            assertThat(
                            jar.findResource(
                                    "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class"))
                    .as("Flink is provided by the cluster")
                    .isNull();
        }
    }

    @Test
    void theMsfRuntimeReadsTheFileManagedFlinkPropertiesNames() throws Exception {
        try (URLClassLoader jar =
                new URLClassLoader(
                        new URL[] {clusterJar().toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
            assertThat(
                            jar.findResource(
                                    "com/amazonaws/services/kinesisanalytics/runtime/KinesisAnalyticsRuntime.class"))
                    .isNotNull();
            // The runtime library finds the file through its config.properties: one in the jar,
            // naming the path ManagedFlinkProperties checks.
            Properties config = new Properties();
            try (InputStream in = jar.findResource("config.properties").openStream()) {
                config.load(in);
            }
            assertThat(config.getProperty("application_properties_file"))
                    .isEqualTo(ManagedFlinkProperties.FILE.toString());
        }
    }
}
