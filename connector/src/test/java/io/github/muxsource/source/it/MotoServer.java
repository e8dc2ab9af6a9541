package io.github.muxsource.source.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server ({@code moto_server}) on loopback, started and stopped by the test.
 * Moto keeps objects in memory and does not check signatures, so plain HTTP PUTs upload.
 */
final class MotoServer implements AutoCloseable {
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    MotoServer() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws Exception {
        process =
                new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("moto_server exited with " + process.exitValue());
                }
                Thread.sleep(100);
            }
        }
        throw new IOException("moto_server did not listen on port " + port + " within 30 s");
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    void createBucket(String bucket) throws Exception {
        put("/" + bucket, HttpRequest.BodyPublishers.noBody());
    }

    /** Uploads every file under {@code dir} to {@code bucket/prefix/relative-path}. */
    void upload(Path dir, String bucket, String prefix) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = prefix + "/" + dir.relativize(file).toString().replace('\\', '/');
                put("/" + bucket + "/" + key, HttpRequest.BodyPublishers.ofFile(file));
            }
        }
    }

    private void put(String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(endpoint() + path))
                        .timeout(Duration.ofSeconds(30))
                        .PUT(body)
                        .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "PUT " + path + " -> " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
