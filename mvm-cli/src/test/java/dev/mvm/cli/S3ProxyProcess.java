package dev.mvm.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Proxy as a separate process ({@code java -jar}) with the filesystem backend and SigV4 authorization, on a
 * free loopback port; the build copies the jar into {@code target/s3proxy}. A bucket is a directory of the
 * backend.
 */
final class S3ProxyProcess implements AutoCloseable {
    static final String IDENTITY = "mvm-identity";
    static final String CREDENTIAL = "mvm-credential-secret";

    private final Process process;
    private final URI endpoint;
    private final Path data;

    private S3ProxyProcess(Process process, URI endpoint, Path data) {
        this.process = process;
        this.endpoint = endpoint;
        this.data = data;
    }

    static S3ProxyProcess start(Path workDir, String bucket) throws IOException, InterruptedException {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + "; the build copies it into target/s3proxy");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path data = Files.createDirectories(workDir.resolve("data"));
        Files.createDirectories(data.resolve(bucket));
        Path properties = workDir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""), StandardCharsets.UTF_8);
        Path log = workDir.resolve("s3proxy.log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyProcess server = new S3ProxyProcess(process, endpoint, data);
        server.awaitAnswering(Duration.ofSeconds(60), log);
        return server;
    }

    private void awaitAnswering(Duration limit, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return; // any HTTP answer (403 without credentials) means it is up
            } catch (IOException notYet) {
                process.waitFor(100, TimeUnit.MILLISECONDS); // poll interval; ends early if it dies
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not answer at " + endpoint + " within " + limit + ":\n"
                + Files.readString(log));
    }

    /**
     * @param bucket the bucket
     * @param prefix the key prefix
     * @return the {@code --s3} URI of that location on this server
     */
    String uri(String bucket, String prefix) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint + "&region=us-east-1&pathStyle=true";
    }

    /** @return the backend directory: one subdirectory per bucket */
    Path data() {
        return data;
    }

    /** @param mvm the runs that use this server get its credentials */
    void credentialsFor(MvmProcess mvm) {
        mvm.env("AWS_ACCESS_KEY_ID", IDENTITY).env("AWS_SECRET_ACCESS_KEY", CREDENTIAL);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
