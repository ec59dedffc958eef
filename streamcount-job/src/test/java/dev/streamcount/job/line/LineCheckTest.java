package dev.streamcount.job.line;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

class LineCheckTest {

    private final String running = EnvironmentInformation.getVersion();

    @Test
    void theBuildIsNamedForTheFlinkItRunsOn() {
        String majorMinor = running.substring(0, running.indexOf('.', running.indexOf('.') + 1));
        assertThat(FlinkLine.NAME).isEqualTo("flink-" + majorMinor);
        assertThat(FlinkLine.VERSION).isEqualTo(majorMinor);
        assertThat(LineCheck.mismatch(running)).isEmpty();
    }

    @Test
    void aClusterOfTheOtherLineIsRefusedNamingTheJarToSubmit() {
        boolean onOne = running.startsWith("1.");
        String other = onOne ? "2.2.1" : "1.20.5";
        assertThat(LineCheck.mismatch(other))
                .get()
                .asString()
                .contains("this cluster runs Flink " + other)
                .contains(onOne ? "flink-2.2.jar" : "flink-1.20.jar");
    }
}
