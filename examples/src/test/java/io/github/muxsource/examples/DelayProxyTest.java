package io.github.muxsource.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** The delaying proxy: requests arrive late by the delay, bytes arrive intact, loopback only. */
class DelayProxyTest {
    /** Echoes every byte back, one connection at a time. */
    private static ServerSocket echoServer() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t =
                new Thread(
                        () -> {
                            while (!server.isClosed()) {
                                try (Socket s = server.accept()) {
                                    s.getInputStream().transferTo(s.getOutputStream());
                                } catch (Exception e) {
                                    return;
                                }
                            }
                        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    /** Milliseconds for the best of five request/response round trips of {@code size} bytes. */
    private static double roundTrip(int port, int size) throws Exception {
        double best = Double.MAX_VALUE;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 5; i++) {
                byte[] request = new byte[size];
                for (int b = 0; b < size; b++) {
                    request[b] = (byte) (b * 31 + i);
                }
                long start = System.nanoTime();
                out.write(request);
                out.flush();
                byte[] response = in.readNBytes(size);
                best = Math.min(best, (System.nanoTime() - start) / 1e6);
                assertThat(response).isEqualTo(request);
            }
        }
        return best;
    }

    @Test
    void everyRequestArrivesTheDelayLaterAndIntact() throws Exception {
        try (ServerSocket echo = echoServer();
                DelayProxy proxy =
                        new DelayProxy(
                                new InetSocketAddress("127.0.0.1", echo.getLocalPort()), 50)) {
            double direct = roundTrip(echo.getLocalPort(), 200);
            double delayed = roundTrip(proxy.port(), 200);
            assertThat(delayed).isGreaterThanOrEqualTo(50).isGreaterThanOrEqualTo(direct + 40);
            // A 1 MiB request is one latency, not one per chunk: well under 16 x 50 ms.
            assertThat(roundTrip(proxy.port(), 1 << 20)).isLessThan(TimeUnit.SECONDS.toMillis(2));
        }
    }

    @Test
    void forwardsToLoopbackOnly() {
        assertThatThrownBy(() -> new DelayProxy(new InetSocketAddress("192.0.2.1", 80), 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback only");
    }
}
