package dev.streamcount.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Fault injection at the network seam: a TCP proxy in front of the store that forwards each chunk a
 * client sends after a random delay. Order within a connection is kept (HTTP stays valid), but
 * requests on different connections reach the server in another order than they were sent, as on a
 * real network with requests in flight concurrently.
 */
final class DelayingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final URI target;
    private final int maxDelayMillis;
    private final Random random;
    private final AtomicLong delayedChunks = new AtomicLong();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Thread acceptor;

    DelayingProxy(URI target, int maxDelayMillis, long seed) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.target = target;
        this.maxDelayMillis = maxDelayMillis;
        this.random = new Random(seed);
        this.acceptor = new Thread(this::acceptLoop, "delaying-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many client chunks were held back before forwarding: proof the fault fired. */
    long delayedChunks() {
        return delayedChunks.get();
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
                BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
                daemon(() -> readDelayed(client, queue), "proxy-read").start();
                daemon(() -> forwardInOrder(queue, upstream), "proxy-forward").start();
                daemon(() -> pump(upstream, client), "proxy-down").start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** A chunk of a request and when it may be forwarded; an empty chunk marks the end. */
    private record Chunk(byte[] bytes, long dueNanos) {}

    private void readDelayed(Socket from, BlockingQueue<Chunk> queue) {
        long lastDue = 0;
        try (InputStream in = from.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                long delay;
                synchronized (random) {
                    delay = random.nextInt(maxDelayMillis + 1);
                }
                // Never before the previous chunk of this connection: order within it is kept.
                lastDue =
                        Math.max(lastDue, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay));
                queue.add(new Chunk(Arrays.copyOf(buf, n), lastDue));
                delayedChunks.incrementAndGet();
            }
        } catch (IOException e) {
            // connection closed
        }
        queue.add(new Chunk(new byte[0], lastDue));
    }

    /** One thread per connection, FIFO: each chunk is written once its due time has come. */
    private static void forwardInOrder(BlockingQueue<Chunk> queue, Socket to) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = queue.take();
                // The injected latency itself: hold the chunk until it is due.
                for (long wait; (wait = c.dueNanos() - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                if (c.bytes().length == 0) {
                    break;
                }
                out.write(c.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed or proxy stopped
        }
        closeQuietly(to);
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // connection closed
        }
        closeQuietly(to);
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
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }
}
