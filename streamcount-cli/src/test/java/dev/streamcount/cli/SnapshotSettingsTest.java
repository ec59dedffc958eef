package dev.streamcount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcount.job.config.JobConfig;
import dev.streamcount.job.config.Windowing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSettingsTest {

    private static JobConfig withWindow(Duration size) {
        Windowing off = Windowing.off();
        return JobConfig.defaults()
                .withWindowing(
                        new Windowing(
                                size,
                                null,
                                off.retention(),
                                off.maxOutOfOrderness(),
                                off.idleTimeout(),
                                off.allowedLateness()));
    }

    @Test
    void windowsTurnedOnOffOrResizedAreADifference(@TempDir Path dir) throws Exception {
        SnapshotSettings off = SnapshotSettings.of(JobConfig.defaults());
        SnapshotSettings fiveSeconds = SnapshotSettings.of(withWindow(Duration.ofSeconds(5)));
        off.write(dir);

        assertThat(SnapshotSettings.read(dir).orElseThrow().differencesFrom(fiveSeconds))
                .containsExactly("--window off (now 5s)");
        assertThat(fiveSeconds.differencesFrom(SnapshotSettings.of(JobConfig.defaults())))
                .containsExactly("--window 5s (now off)");
        assertThat(
                        fiveSeconds.differencesFrom(
                                SnapshotSettings.of(withWindow(Duration.ofMinutes(1)))))
                .containsExactly("--window 5s (now 1min)");
        assertThat(fiveSeconds.differencesFrom(fiveSeconds)).isEmpty();
    }

    @Test
    void stateSavedBeforeWindowsExistedHadNone() {
        // What a streamcount from before --window saved: no --window key.
        Map<String, String> older =
                new LinkedHashMap<>(SnapshotSettings.of(JobConfig.defaults()).flags());
        older.remove("--window");
        SnapshotSettings saved = new SnapshotSettings(older);
        assertThat(saved.differencesFrom(SnapshotSettings.of(JobConfig.defaults()))).isEmpty();
        assertThat(saved.differencesFrom(SnapshotSettings.of(withWindow(Duration.ofSeconds(5)))))
                .containsExactly("--window off (now 5s)");
    }
}
