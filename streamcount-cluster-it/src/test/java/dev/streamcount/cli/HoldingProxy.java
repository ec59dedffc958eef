package dev.streamcount.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Fault injection at the network seam: a TCP proxy in front of the store that holds the first
 * {@code TransactWriteItems} request on its way, as a slow or partitioned network would, and sends
 * it only when {@link #release()}d — even if the process that sent it has died meanwhile. What
 * DynamoDB answered to it is kept ({@link #lateResponse()}). Every other request passes unchanged.
 */
final class HoldingProxy implements AutoCloseable {
    private static final byte[] TARGET =
            "DynamoDB_20120810.TransactWriteItems".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final URI target;
    private final List<Socket> open = new ArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
    private boolean holding;

    HoldingProxy(URI target) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.target = target;
        daemon(this::acceptLoop, "holding-proxy").start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Whether a request is being held. */
    boolean holds() {
        return held.getCount() == 0;
    }

    /** Sends the held request on to DynamoDB. */
    void release() {
        released.countDown();
    }

    /** What DynamoDB has answered so far to the held request (its first 8 KB); empty before. */
    String lateResponse() {
        synchronized (answer) {
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHost(), target.getPort());
                synchronized (open) {
                    open.add(client);
                    open.add(upstream);
                }
                Connection c = new Connection(client, upstream);
                daemon(() -> up(c), "proxy-up").start();
                daemon(() -> down(c), "proxy-down").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * Client to DynamoDB. The connection whose chunk first names TransactWriteItems is held: it and
     * all that follows on it are buffered until release, then sent, and the answer read.
     */
    private void up(Connection c) {
        ByteArrayOutputStream buffered = null;
        try (InputStream in = c.client.getInputStream()) {
            OutputStream out = c.upstream.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (buffered == null && claimHold(buf, n)) {
                    buffered = new ByteArrayOutputStream();
                    held.countDown();
                }
                if (buffered != null) {
                    buffered.write(buf, 0, n);
                } else {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client is gone (closed, or its process killed)
        }
        if (buffered == null) {
            closeQuietly(c.upstream);
            return;
        }
        // The sender may be dead by now: the request is sent anyway, as a network would, on a
        // connection of its own (the server may have closed the idle one meanwhile).
        closeQuietly(c.upstream);
        try {
            released.await();
            try (Socket late = new Socket(target.getHost(), target.getPort())) {
                late.setSoTimeout(5_000);
                late.getOutputStream().write(buffered.toByteArray());
                late.getOutputStream().flush();
                InputStream in = late.getInputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (answer) {
                        answer.write(buf, 0, Math.min(n, 8192 - answer.size()));
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // read timed out after the answer (the server keeps the connection open), or failed
            synchronized (answer) {
                if (answer.size() == 0) {
                    answer.writeBytes(("not sent: " + e).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private synchronized boolean claimHold(byte[] buf, int n) {
        if (holding || !contains(buf, n, TARGET)) {
            return false;
        }
        holding = true;
        return true;
    }

    /** DynamoDB to client. */
    private void down(Connection c) {
        try (InputStream in = c.upstream.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                try {
                    c.client.getOutputStream().write(buf, 0, n);
                } catch (IOException e) {
                    // the sender is gone: keep reading what DynamoDB answers
                }
            }
        } catch (IOException e) {
            // closed
        }
        closeQuietly(c.client);
    }

    private static final class Connection {
        final Socket client;
        final Socket upstream;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    private static boolean contains(byte[] buf, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) {
                if (buf[i + j] != what[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        synchronized (open) {
            for (Socket s : open) {
                closeQuietly(s);
            }
        }
    }
}
