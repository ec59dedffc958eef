package dev.streamcount.job.line;

import java.util.Optional;

/** Whether the Flink a job runs on is of the line this build is for. */
public final class LineCheck {
    private LineCheck() {}

    /**
     * Why this build cannot run on Flink {@code version} (what a cluster reports), or empty if it
     * can: the major versions must match. Classes, state and connector APIs differ between the
     * lines; a jar built for the other one fails later with a class or method error that names
     * neither.
     */
    public static Optional<String> mismatch(String version) {
        String major = FlinkLine.VERSION.substring(0, FlinkLine.VERSION.indexOf('.') + 1);
        if (version.startsWith(major)) {
            return Optional.empty();
        }
        return Optional.of(
                "This jar is built for Flink "
                        + FlinkLine.VERSION
                        + " and this cluster runs Flink "
                        + version
                        + ": submit "
                        + FlinkLine.OTHER_JAR);
    }
}
