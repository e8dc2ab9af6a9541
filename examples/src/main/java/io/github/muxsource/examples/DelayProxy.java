package io.github.muxsource.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback that delays every request by a fixed time: bytes from the client reach
 * the server {@code delayMillis} after they arrived (a latency, not a bandwidth limit: bytes that
 * arrive together are forwarded together), responses flow back undelayed. In front of a local S3
 * server it makes each HTTP request cost what a round trip to a remote store costs.
 *
 * <p>Bounded: it listens on 127.0.0.1 only, forwards to a loopback address only, holds at most
 * {@link #MAX_CONNECTIONS} connections (more are closed at once) and at most {@link #MAX_QUEUED}
 * chunks of 64 KiB in flight per connection (the client is held back past that).
 */
final class DelayProxy implements AutoCloseable {
    static final int MAX_CONNECTIONS = 128;
    static final int MAX_QUEUED = 64;
    private static final int CHUNK = 64 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long delayNanos;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private record Chunk(byte[] bytes, long due) {}

    /** Starts a proxy on a free loopback port in front of {@code target}. */
    DelayProxy(InetSocketAddress target, long delayMillis) throws IOException {
        if (!target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException(
                    "the delay proxy forwards to loopback only, got " + target);
        }
        if (delayMillis < 0 || delayMillis > 10_000) {
            throw new IllegalArgumentException(
                    "delayMillis must be in [0, 10000], got " + delayMillis);
        }
        this.target = target;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("delay-proxy-accept", this::accept).start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint to give clients instead of the target's. */
    String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (sockets.size() >= 2 * MAX_CONNECTIONS) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
                daemon("delay-proxy-in", () -> readRequests(client, server, queue)).start();
                daemon("delay-proxy-out", () -> forwardLater(queue, client, server)).start();
                daemon("delay-proxy-back", () -> copy(server, client)).start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Client to queue: each chunk stamped with the time it may be forwarded. */
    private void readRequests(Socket client, Socket server, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = client.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime() + delayNanos));
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended.
        }
        // offer, not put: if the forwarder has died the queue may stay full forever.
        queue.offer(new Chunk(null, System.nanoTime() + delayNanos));
    }

    /** Queue to server, each chunk at its due time; the end of the queue half-closes the server. */
    private void forwardLater(BlockingQueue<Chunk> queue, Socket client, Socket server) {
        try {
            OutputStream out = server.getOutputStream();
            while (true) {
                Chunk chunk = queue.take();
                long wait = chunk.due() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (chunk.bytes() == null) {
                    server.shutdownOutput();
                    return;
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Server to client, undelayed; then both sockets close. */
    private void copy(Socket server, Socket client) {
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = server.getInputStream()) {
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The connection ended.
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: it is going away.
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
