package dev.streamcount.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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
