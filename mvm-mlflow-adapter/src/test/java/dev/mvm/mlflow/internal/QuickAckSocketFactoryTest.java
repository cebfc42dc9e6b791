package dev.mvm.mlflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that answers like MLflow's (headers and body in two writes, Nagle's algorithm on) makes a
 * kept-alive client wait for its own delayed acknowledgement on every request; sockets from
 * {@link QuickAckSocketFactory} do not wait. Both clients run in the same test, so the comparison is a
 * ratio on the same machine at the same moment; the stall is the kernel's delayed-ACK timer (at least 40 ms
 * on Linux), far above loopback latency.
 */
class QuickAckSocketFactoryTest {
    private static final int REQUESTS = 12;

    private ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void startServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(() -> {
            while (!server.isClosed()) {
                Socket s = server.accept();
                pool.submit(() -> serve(s));
            }
            return null;
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        pool.shutdownNow();
    }

    /** HTTP/1.1 keep-alive; the headers are flushed before the body, as uvicorn does. */
    private static Void serve(Socket s) throws IOException {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.US_ASCII)); OutputStream out = s.getOutputStream()) {
            byte[] body = "{\"registered_model\": {\"name\": \"m\"}}".getBytes(StandardCharsets.US_ASCII);
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    continue; // request line and headers; GETs carry no body
                }
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                out.write(body);
                out.flush();
            }
        }
        return null;
    }

    @Test
    void answersSentInTwoSegmentsDoNotWaitForADelayedAcknowledgement() throws IOException {
        assumeTrue(QuickAckSocketFactory.supported(), "TCP_QUICKACK exists on Linux only");
        double plain = medianMillis(new OkHttpClient.Builder().build());
        double quick = medianMillis(new OkHttpClient.Builder().socketFactory(new QuickAckSocketFactory()).build());

        assertThat(plain).as("a plain kept-alive socket waits for the delayed ACK (median ms)").isGreaterThan(30);
        assertThat(quick).as("a quick-ACK socket (median ms), against %.1f ms plain", plain).isLessThan(plain / 3);
    }

    @Test
    void socketsSendWithoutDelayAndStillReadEveryByte() throws IOException {
        try (Socket s = new QuickAckSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                server.getLocalPort())) {
            assertThat(s.getTcpNoDelay()).isTrue();
            s.getOutputStream().write("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readNBytes(106), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith("{\"registered_model\": {\"name\": \"m\"}}");
            assertThat(s.getInputStream()).isSameAs(s.getInputStream());
        }
    }

    private double medianMillis(OkHttpClient client) throws IOException {
        Request request = new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + "/get").build();
        List<Double> times = new ArrayList<>();
        try {
            for (int i = 0; i < REQUESTS; i++) {
                long t = System.nanoTime();
                try (Response r = client.newCall(request).execute()) {
                    assertThat(r.body().string()).contains("registered_model");
                }
                times.add((System.nanoTime() - t) / 1e6);
            }
            assertThat(client.connectionPool().connectionCount()).as("one kept-alive connection").isEqualTo(1);
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
        return times.stream().sorted().toList().get(REQUESTS / 2);
    }
}
