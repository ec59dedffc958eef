package dev.streamcount.cli;

import dev.streamcount.job.StreamCountException;
import dev.streamcount.job.WordCountTable;
import dev.streamcount.local.PortInUseException;
import java.net.ConnectException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into one line on stderr naming what is wrong, and exit code 1. Usage errors are
 * picocli's (usage and exit code 2). Set {@code STREAMCOUNT_DEBUG=1} for the stack trace.
 */
class ErrorHandler implements IExecutionExceptionHandler {

    /** Which flag moves each local service to another port. */
    private static final Map<String, String> PORT_FLAGS =
            Map.of(
                    "Kafka", "--kafka-port",
                    "DynamoDB Local", "--dynamodb-port",
                    "Flink web UI", "--web-port");

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parseResult) {
        cl.getErr().println("streamcount: " + describe(e));
        if (System.getenv("STREAMCOUNT_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return 1;
    }

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException p) {
                String flag = PORT_FLAGS.get(p.service());
                return p.getMessage() + (flag == null ? "" : " (change it with " + flag + ")");
            }
            if (t instanceof StreamCountException
                    || t instanceof WordCountTable.SchemaMismatchException) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused: " + e.getMessage();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }
}
