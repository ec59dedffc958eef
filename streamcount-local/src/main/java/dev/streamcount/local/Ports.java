package dev.streamcount.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loopback port helpers: every local service binds 127.0.0.1 only. */
public final class Ports {
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {}

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves 0 to a free port; throws {@link PortInUseException} if {@code port} is taken. */
    /**
     * The port saved in {@code file} if it is free now, else any free one; saved there for the next
     * call.
     */
    public static int lastOrFree(Path file) throws IOException {
        int port = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : free();
        if (!isFree(port)) {
            port = free();
        }
        Files.writeString(file, Integer.toString(port));
        return port;
    }

    /** Whether {@code port} on 127.0.0.1 can be listened on now. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int claim(String service, int port) {
        if (port == 0) {
            return free();
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return port;
        } catch (IOException e) {
            throw new PortInUseException(service, port);
        }
    }
}
