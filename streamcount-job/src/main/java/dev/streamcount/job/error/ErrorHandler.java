package dev.streamcount.job.error;

import java.net.ConnectException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one error path of both entry points, the {@code streamcount} CLI and the job's {@code main}
 * under {@code flink run}: a failure becomes one line on stderr naming what is wrong, and exit code
 * 1. Usage errors stay picocli's (the message, the usage, exit code 2). Set {@code
 * STREAMCOUNT_DEBUG=1} for the stack trace.
 *
 * <p>Code that knows the context of a failure (which table, which address, which flag) throws a
 * {@link StreamCountException} with the message; everything else is described from its cause.
 */
public class ErrorHandler implements IExecutionExceptionHandler {

    /** Exit code of a failure a user can act on; usage errors are 2. */
    public static final int FAILED = 1;

    private final Function<Throwable, String> own;

    /**
     * @param own describes exceptions of the caller's own kinds (a port in use, say), or returns
     *     null for any other
     */
    public ErrorHandler(Function<Throwable, String> own) {
        this.own = own;
    }

    /** Installs a handler on {@code cl} with no kinds of its own. */
    public static CommandLine install(CommandLine cl) {
        return cl.setExecutionExceptionHandler(new ErrorHandler(t -> null));
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parseResult) {
        cl.getErr().println("streamcount: " + describe(e));
        if (System.getenv("STREAMCOUNT_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return FAILED;
    }

    /** One line naming what is wrong. */
    public String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String mine = own.apply(t);
            if (mine != null) {
                return mine;
            }
            if (t instanceof StreamCountException) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ConnectException) {
            return "connection refused: " + firstLine(e);
        }
        return firstLine(e);
    }

    /** The first line of {@code e}'s message, or its class name if it has none. */
    public static String firstLine(Throwable e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }
}
