package dev.mvm.s3;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of a real S3 server that injects faults into chosen requests: a
 * connection dropped in the middle of a request body or of a response body, a 500 or 503 answer, or a delay.
 * Each client connection carries one request (answers say {@code Connection: close}). It also counts the
 * request body bytes that reach the server, to tell an upload from a server-side copy.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { DROP_DURING_REQUEST_BODY, STATUS_500, STATUS_503, DELAY, DROP_DURING_RESPONSE_BODY }

    record Request(String method, String target) {
        boolean isPartUpload(int partNumber) {
            return method.equals("PUT") && target.contains("partNumber=" + partNumber + "&")
                    || method.equals("PUT") && target.endsWith("partNumber=" + partNumber);
        }
    }

    private record Rule(Predicate<Request> when, Fault fault, AtomicLong remaining) {
    }

    private final URI upstream;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong bodyBytesUpstream = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Duration delay = Duration.ofSeconds(2);

    FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.submit(this::acceptLoop);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Injects {@code fault} into the next {@code times} requests matching {@code when}. */
    void inject(Predicate<Request> when, Fault fault, long times) {
        rules.add(new Rule(when, fault, new AtomicLong(times)));
    }

    void delay(Duration value) {
        delay = value;
    }

    void reset() {
        rules.clear();
        seen.clear();
        bodyBytesUpstream.set(0);
    }

    long bodyBytesUpstream() {
        return bodyBytesUpstream.get();
    }

    List<Request> requests() {
        return new ArrayList<>(seen);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.submit(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private Fault faultFor(Request request) {
        for (Rule rule : rules) {
            if (rule.when.test(request) && rule.remaining.getAndDecrement() > 0) {
                return rule.fault;
            }
        }
        return null;
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Request request = new Request(requestLine[0], requestLine[1]);
            seen.add(request);
            long contentLength = 0;
            StringBuilder forwarded = new StringBuilder(lines[0]).append("\r\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(line.indexOf(':') + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> throw new IllegalStateException("chunked requests are not supported");
                    case "connection", "expect" -> {
                        if (name.equals("expect")) {
                            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                        continue;
                    }
                    default -> { }
                }
                forwarded.append(line).append("\r\n");
            }
            forwarded.append("Connection: close\r\n\r\n");
            Fault fault = faultFor(request);
            if (fault == Fault.DROP_DURING_REQUEST_BODY) {
                in.readNBytes((int) Math.min(contentLength / 2, Integer.MAX_VALUE));
                client.setSoLinger(true, 0); // reset, not an orderly close
                return;
            }
            if (fault == Fault.STATUS_500 || fault == Fault.STATUS_503) {
                in.skipNBytes(contentLength);
                int status = fault == Fault.STATUS_500 ? 500 : 503;
                String code = status == 500 ? "InternalError" : "SlowDown";
                String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                        + "</Code><Message>injected</Message></Error>";
                out.write(("HTTP/1.1 " + status + " " + code + "\r\nContent-Type: application/xml\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            if (fault == Fault.DELAY) {
                closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            try (Socket server = new Socket()) {
                server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
                OutputStream up = server.getOutputStream();
                up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                byte[] buffer = new byte[64 * 1024];
                long left = contentLength;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        return;
                    }
                    up.write(buffer, 0, n);
                    left -= n;
                    bodyBytesUpstream.addAndGet(n);
                }
                up.flush();
                InputStream down = server.getInputStream();
                if (fault == Fault.DROP_DURING_RESPONSE_BODY) {
                    String responseHead = readHead(down);
                    out.write((responseHead + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    long length = 0;
                    for (String line : responseHead.split("\r\n")) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Long.parseLong(line.substring(15).trim());
                        }
                    }
                    out.write(down.readNBytes((int) (length / 2)));
                    out.flush();
                    client.setSoLinger(true, 0);
                    return;
                }
                down.transferTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // the client or the server went away; the client sees a broken connection, which is the point
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the head without its final empty line, or null at end of stream */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        connections.shutdownNow();
    }
}
