package dev.mvm.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.mvm.ModelRegistry;
import dev.mvm.api.model.Bump;
import dev.mvm.rest.MvmHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on the REST module over loopback: concurrent clients for a fixed time, 80% reads (get model, get
 * version, list versions, search) and 20% writes (register a version with metrics, update model metadata),
 * reporting p50/p99/p99.9/max per kind and throughput; then a large file uploaded and downloaded through a
 * signed link, against a plain {@code Files.copy} baseline and against the copy strategies a JDK
 * {@code HttpServer} allows (1 MiB loop, {@code Files.copy} to the body, {@code FileChannel.transferTo} to a
 * channel over the body).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mvm.benchmarks.RestLoadHarness [clients] [seconds] [MiB] [dir]
 *     [write%] [server threads] [requests per second, 0 for a closed loop]
 * </pre>
 */
public final class RestLoadHarness {
    private static final Pattern URL = Pattern.compile("\"download_url\":\"([^\"]+)\"");
    private static final int MODELS = 20;

    private RestLoadHarness() {
    }

    /**
     * @param args clients (50), seconds (30), download size in MiB (1024, 0 to skip), working directory, percent of
     *     writes (20), server threads (32), total request rate per second (0: closed loop, no pause)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int mib = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("mvm-rest-load");
        int writePercent = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 32;
        int rate = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "cores=%d clients=%d seconds=%d download=%d MiB writes=%d%% server threads=%d"
                + " rate=%s dir=%s%n", Runtime.getRuntime().availableProcessors(), clients, seconds, mib, writePercent,
                threads, rate == 0 ? "closed loop" : rate + "/s", dir);
        Path registryDir = Files.createTempDirectory(dir, "registry-");
        try (ModelRegistry registry = ModelRegistry.local(registryDir);
                MvmHttpServer server = MvmHttpServer.builder(registry).threads(threads).build()) {
            String base = "http://127.0.0.1:" + server.port();
            ExecutorService clientThreads = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "http-client");
                t.setDaemon(true);
                return t;
            });
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
            seed(registry);
            load(http, base, clients, seconds, writePercent, rate);
            if (mib > 0) {
                transfer(http, base, dir, registryDir, mib);
            }
        } finally {
            try (var files = Files.walk(registryDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void seed(ModelRegistry registry) {
        for (int m = 0; m < MODELS; m++) {
            String name = "model-" + m;
            registry.models().register(name, c -> c.framework("pytorch").task("text-classification")
                    .tag("team", "nlp").description("bert base chinese variant " + name));
            for (int v = 0; v < 5; v++) {
                registry.model(name).newVersion().bump(Bump.MINOR).metric("accuracy", 0.8 + v / 100.0)
                        .content("config.json", ("{\"v\":" + v + "}").getBytes(StandardCharsets.UTF_8)).register();
            }
        }
    }

    private static void load(HttpClient http, String base, int clients, int seconds, int writePercent, int rate) throws Exception {
        // warm-up: JIT, connection pool
        runFor(http, base, Math.min(clients, 8), 5, writePercent, 0, new AtomicLong());
        long[][] reads = new long[clients][];
        long[][] writes = new long[clients][];
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        List<long[][]> perClient = runFor(http, base, clients, seconds, writePercent, rate, errors);
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < clients; i++) {
            reads[i] = perClient.get(i)[0];
            writes[i] = perClient.get(i)[1];
        }
        long[] r = concat(reads);
        long[] w = concat(writes);
        System.out.printf(Locale.ROOT, "load: %d clients, %.1f s, %d requests (%.0f/s), errors %d%n", clients, elapsed,
                r.length + w.length, (r.length + w.length) / elapsed, errors.get());
        report("reads ", r);
        report("writes", w);
    }

    private static List<long[][]> runFor(HttpClient http, String base, int clients, int seconds, int writePercent,
            int rate, AtomicLong errors) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            futures.add(pool.submit(() -> {
                long[] reads = new long[1 << 16];
                long[] writes = new long[1 << 14];
                int nr = 0;
                int nw = 0;
                go.await();
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                // open loop at a fixed total rate: each client starts a request every clients/rate seconds, and
                // latency counts from the scheduled start, so a slow answer is not hidden by starting late
                long interval = rate == 0 ? 0 : clients * 1_000_000_000L / rate;
                long next = System.nanoTime() + (interval == 0 ? 0 : rnd.nextLong(interval));
                while (System.nanoTime() < deadline) {
                    if (interval > 0) {
                        for (long wait; (wait = next - System.nanoTime()) > 0; ) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    long scheduled = interval > 0 ? next : System.nanoTime();
                    next += interval;
                    String model = "model-" + rnd.nextInt(MODELS);
                    // writes: 60% new versions, 40% metadata updates; reads: get model, get version, list, search
                    boolean write = rnd.nextInt(100) < writePercent;
                    int dice = write ? rnd.nextInt(20) : 20 + rnd.nextInt(80);
                    HttpRequest req;
                    if (dice < 12) {
                        req = HttpRequest.newBuilder(URI.create(base + "/api/v1/models/" + model + "/versions"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"bump\":\"patch\",\"metrics\":{\"accuracy\":"
                                        + rnd.nextDouble() + "},\"tags\":{\"client\":\"" + id + "\"}}")).build();
                    } else if (dice < 20) {
                        req = HttpRequest.newBuilder(URI.create(base + "/api/v1/models/" + model))
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"client-" + id + "\":"
                                        + rnd.nextInt(1000) + "}}")).build();
                    } else if (dice < 45) {
                        req = get(base + "/api/v1/models/" + model);
                    } else if (dice < 70) {
                        req = get(base + "/api/v1/models/" + model + "/versions/0.1.0");
                    } else if (dice < 85) {
                        req = get(base + "/api/v1/models/" + model + "/versions");
                    } else {
                        req = get(base + "/api/v1/models/search?q=bert&framework=pytorch&sort_by=accuracy&page_size=20");
                    }
                    HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    long took = System.nanoTime() - scheduled;
                    if (resp.statusCode() >= 300) {
                        errors.incrementAndGet();
                    }
                    if (write) {
                        if (nw == writes.length) {
                            writes = Arrays.copyOf(writes, nw * 2);
                        }
                        writes[nw++] = took;
                    } else {
                        if (nr == reads.length) {
                            reads = Arrays.copyOf(reads, nr * 2);
                        }
                        reads[nr++] = took;
                    }
                }
                return new long[][] {Arrays.copyOf(reads, nr), Arrays.copyOf(writes, nw)};
            }));
        }
        go.countDown();
        List<long[][]> out = new ArrayList<>();
        for (Future<long[][]> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    private static long[] concat(long[][] parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] out = new long[n];
        int i = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        Arrays.sort(out);
        return out;
    }

    private static void report(String what, long[] sorted) {
        if (sorted.length == 0) {
            System.out.println(what + ": none");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: n=%d p50=%.1f ms p99=%.1f ms p99.9=%.1f ms max=%.1f ms%n", what,
                sorted.length, ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    // ---- large transfer -----------------------------------------------------------------------------------

    private static void transfer(HttpClient http, String base, Path dir, Path registryDir, int mib) throws Exception {
        Path file = dir.resolve("big.bin");
        long size = (long) mib << 20;
        if (!Files.exists(file) || Files.size(file) != size) {
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(1);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int i = 0; i < mib; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models")).POST(HttpRequest.BodyPublishers
                .ofString("{\"name\":\"big\"}")).build(), HttpResponse.BodyHandlers.discarding());
        String upload = field(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body(),
                Pattern.compile("\"upload_id\":\"([^\"]+)\""));
        long t0 = System.nanoTime();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads/" + upload
                + "/files/model.bin")).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        double upSeconds = (System.nanoTime() - t0) / 1e9;
        check(put, 201);
        t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/models/big/versions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"1.0.0\",\"upload_id\":\"" + upload + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        double registerSeconds = (System.nanoTime() - t0) / 1e9;
        check(created, 201);
        System.out.printf(Locale.ROOT, "upload %d MiB: PUT %.0f MB/s (hashing on the way), register from the upload"
                + " %.1f s (%.0f MB/s, hashed again into the blob store)%n", mib, size / 1e6 / upSeconds, registerSeconds,
                size / 1e6 / registerSeconds);
        String link = field(http.send(get(base + "/api/v1/models/big/download?version=1.0.0&expires_in=3600"),
                HttpResponse.BodyHandlers.ofString()).body(), URL);

        Path blob = blobOf(registryDir.resolve("artifacts"), size);
        List<Double> viaLink = new ArrayList<>();
        List<Double> viaLinkRaw = new ArrayList<>();
        List<Double> baseline = new ArrayList<>();
        List<Double> baselineFile = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            t0 = System.nanoTime();
            HttpResponse<InputStream> r = http.send(get(link), HttpResponse.BodyHandlers.ofInputStream());
            long n = drain(r.body());
            viaLink.add(n / 1e6 / ((System.nanoTime() - t0) / 1e9));
            if (n != size || r.statusCode() != 200) {
                throw new IllegalStateException("download got " + n + " bytes, status " + r.statusCode());
            }
            viaLinkRaw.add(rawGet(URI.create(link), size));
            t0 = System.nanoTime();
            Files.copy(blob, OutputStream.nullOutputStream());
            baseline.add(size / 1e6 / ((System.nanoTime() - t0) / 1e9));
            Path copy = dir.resolve("copy.bin");
            t0 = System.nanoTime();
            Files.copy(blob, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            baselineFile.add(size / 1e6 / ((System.nanoTime() - t0) / 1e9));
            Files.delete(copy);
        }
        System.out.printf(Locale.ROOT, "download %d MiB via signed link (HttpClient, loopback): %s MB/s%n", mib,
                format(viaLink));
        System.out.printf(Locale.ROOT, "download %d MiB via signed link (plain socket client, loopback): %s MB/s%n", mib,
                format(viaLinkRaw));
        System.out.printf(Locale.ROOT, "baseline Files.copy(blob, nullOutputStream): %s MB/s%n", format(baseline));
        System.out.printf(Locale.ROOT, "baseline Files.copy(blob, file): %s MB/s%n", format(baselineFile));
        strategies(http, blob, size);
    }

    /** Serves the same blob from a bare JDK HttpServer with each copy strategy, to pick the module's. */
    private static void strategies(HttpClient http, Path blob, long size) throws Exception {
        HttpServer raw = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        raw.createContext("/", ex -> {
            String how = ex.getRequestURI().getPath().substring(1);
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                switch (how) {
                    case "loop" -> {
                        try (InputStream in = Files.newInputStream(blob)) {
                            byte[] buf = new byte[1 << 20];
                            for (int n; (n = in.read(buf)) > 0; ) {
                                out.write(buf, 0, n);
                            }
                        }
                    }
                    case "files-copy" -> Files.copy(blob, out);
                    default -> {
                        try (FileChannel ch = FileChannel.open(blob, StandardOpenOption.READ)) {
                            var target = Channels.newChannel(out);
                            for (long pos = 0; pos < size; ) {
                                pos += ch.transferTo(pos, size - pos, target);
                            }
                        }
                    }
                }
            }
            ex.close();
        });
        ExecutorService rawThreads = Executors.newFixedThreadPool(2);
        raw.setExecutor(rawThreads);
        raw.start();
        try {
            String base = "http://127.0.0.1:" + raw.getAddress().getPort() + "/";
            for (String how : List.of("loop", "files-copy", "transfer-to")) {
                List<Double> rates = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    rates.add(rawGet(URI.create(base + how), size));
                }
                System.out.printf(Locale.ROOT, "bare JDK HttpServer, %s (plain socket client): %s MB/s%n", how,
                        format(rates));
            }
        } finally {
            raw.stop(0);
            rawThreads.shutdown();
        }
    }

    private static Path blobOf(Path artifacts, long size) throws IOException {
        try (var s = Files.walk(artifacts)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) == size;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new IllegalStateException("no blob of " + size + " bytes"));
        }
    }

    /**
     * GETs a URL over a plain socket (HTTP/1.1, Connection: close) and discards the body: the server's throughput
     * without an HTTP client library's own costs.
     *
     * @return MB/s
     */
    private static double rawGet(URI uri, long expected) throws IOException {
        long t0 = System.nanoTime();
        long n;
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setReceiveBufferSize(4 << 20);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            n = drain(socket.getInputStream());
        }
        double rate = n / 1e6 / ((System.nanoTime() - t0) / 1e9);
        if (n < expected) {
            throw new IllegalStateException("got " + n + " bytes with headers, expected at least " + expected);
        }
        return rate;
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 20];
        long n = 0;
        try (in) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        return n;
    }

    private static String format(List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(null);
        return String.format(Locale.ROOT, "median %.0f (runs %s)", sorted.get(sorted.size() / 2),
                rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
    }

    private static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.statusCode() + ": " + r.body());
        }
    }

    private static String field(String json, Pattern p) {
        Matcher m = p.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in " + json);
        }
        return m.group(1).replace("\\u0026", "&");
    }
}
