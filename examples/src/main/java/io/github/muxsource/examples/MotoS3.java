package io.github.muxsource.examples;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server ({@code moto_server}, which must be on the PATH) on loopback, started and
 * stopped by a bench or test. Moto keeps objects in memory and ignores signatures, so plain HTTP
 * PUTs upload.
 */
final class MotoS3 implements AutoCloseable {
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;

    private MotoS3(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts moto_server on a free loopback port and waits until it listens (30 s at most). */
    static MotoS3 start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process;
        try {
            process =
                    new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
        } catch (IOException e) {
            throw new IOException("could not start moto_server (is it installed?): " + e, e);
        }
        MotoS3 moto = new MotoS3(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return moto;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("moto_server exited with " + process.exitValue());
                }
                Thread.sleep(100);
            }
        }
        moto.close();
        throw new IOException("moto_server did not listen on port " + port + " within 30 s");
    }

    int port() {
        return port;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    void createBucket(String bucket) throws Exception {
        put("/" + bucket, HttpRequest.BodyPublishers.noBody());
    }

    /** Uploads {@code file} as {@code s3://bucket/key}; returns that URI. */
    String upload(Path file, String bucket, String key) throws Exception {
        put("/" + bucket + "/" + key, HttpRequest.BodyPublishers.ofFile(file));
        return "s3://" + bucket + "/" + key;
    }

    private void put(String path, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(endpoint() + path))
                        .timeout(Duration.ofMinutes(5))
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
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
