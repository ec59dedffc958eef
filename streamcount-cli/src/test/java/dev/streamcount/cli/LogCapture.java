package dev.streamcount.cli;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Everything logged at INFO and above in this JVM while open, for tests that search the logs. */
final class LogCapture implements AutoCloseable {
    private static final String NAME = "test-capture";

    private final StringWriter logs = new StringWriter();
    private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    private final Level before;

    LogCapture() {
        Appender capture =
                WriterAppender.createAppender(
                        PatternLayout.createDefaultLayout(), null, logs, NAME, false, true);
        capture.start();
        ctx.getConfiguration().getRootLogger().addAppender(capture, Level.DEBUG, null);
        before = ctx.getConfiguration().getRootLogger().getLevel();
        ctx.getConfiguration().getRootLogger().setLevel(Level.INFO);
        ctx.updateLoggers();
    }

    /** What was logged so far. */
    String text() {
        return logs.toString();
    }

    @Override
    public void close() {
        ctx.getConfiguration().getRootLogger().removeAppender(NAME);
        ctx.getConfiguration().getRootLogger().setLevel(before);
        ctx.updateLoggers();
    }
}
