package dev.mvm.benchmarks;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs the {@link BlobStoreBenchmark} operations round-robin (one of each per round) and reports the median
 * time of each and the median of its per-round ratios to {@code filesCopy}, {@code filesCopyDurable} and
 * {@code sha256Only}. On a machine shared with other
 * work, ratios taken within one round are far less disturbed by load drifting over minutes than JMH's
 * one-benchmark-after-another order.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mvm.benchmarks.BlobStorePairedComparison /tmp/mvm-blob-bench 1024 9
 * </pre>
 */
public final class BlobStorePairedComparison {
    private static final String[] OPERATIONS = {"filesCopy", "filesCopyDurable", "sha256Only", "storeWriteFile",
        "storeWriteStream", "storeReadVerified", "storeDownloadVerified"};

    private BlobStorePairedComparison() {
    }

    /**
     * @param args directory, size in MiB, rounds
     * @throws Exception if an operation fails
     */
    public static void main(String[] args) throws Exception {
        BlobStoreBenchmark.Source source = new BlobStoreBenchmark.Source();
        source.dir = args.length > 0 ? args[0] : "target/blob-bench";
        source.sizeMiB = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        source.create();
        BlobStoreBenchmark bench = new BlobStoreBenchmark();
        BlobStoreBenchmark.Fresh fresh = new BlobStoreBenchmark.Fresh();
        BlobStoreBenchmark.Stored stored = new BlobStoreBenchmark.Stored();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        for (String op : OPERATIONS) {
            times.put(op, new ArrayList<>());
        }
        try {
            for (int round = -1; round < rounds; round++) {
                for (String op : OPERATIONS) {
                    double ms = runOnce(bench, op, source, fresh, stored);
                    if (round >= 0) {
                        times.get(op).add(ms);
                    }
                }
                System.out.printf("round %d done%n", round);
            }
        } finally {
            source.delete();
        }
        String[] baselines = {"filesCopy", "filesCopyDurable", "sha256Only"};
        System.out.printf("%-24s %10s %16s %16s %16s   %s%n", "operation", "median ms", "/ filesCopy",
                "/ copy+fsync", "/ sha256Only", "times ms");
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            double[] t = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            StringBuilder line = new StringBuilder(String.format("%-24s %10.0f", e.getKey(), median(t)));
            for (String baseline : baselines) {
                double[] base = times.get(baseline).stream().mapToDouble(Double::doubleValue).toArray();
                double[] ratios = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    ratios[i] = t[i] / base[i];
                }
                line.append(String.format(" %15.2fx", median(ratios)));
            }
            line.append("   ").append(Arrays.toString(Arrays.stream(t).mapToLong(Math::round).toArray()));
            System.out.println(line);
        }
        System.out.println("(ratios are medians of the per-round ratios)");
    }

    private static double runOnce(BlobStoreBenchmark bench, String op, BlobStoreBenchmark.Source source,
            BlobStoreBenchmark.Fresh fresh, BlobStoreBenchmark.Stored stored) throws Exception {
        boolean read = op.startsWith("storeRead") || op.startsWith("storeDownload");
        if (read) {
            if (source.store.size(source.location, source.expected).isEmpty()) {
                stored.storeOnce(source);
            }
            stored.clear(source);
        } else {
            source.removeOutputs();
        }
        Method m = findMethod(op);
        Object[] params = paramsFor(m, source, fresh, stored);
        long start = System.nanoTime();
        Object result = m.invoke(bench, params);
        double ms = (System.nanoTime() - start) / 1e6;
        if (result == null) {
            throw new IOException(op + " returned nothing");
        }
        return ms;
    }

    private static Method findMethod(String name) {
        for (Method m : BlobStoreBenchmark.class.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("No benchmark " + name);
    }

    private static Object[] paramsFor(Method m, BlobStoreBenchmark.Source source, BlobStoreBenchmark.Fresh fresh,
            BlobStoreBenchmark.Stored stored) {
        Class<?>[] types = m.getParameterTypes();
        Object[] params = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == BlobStoreBenchmark.Source.class) {
                params[i] = source;
            } else if (types[i] == BlobStoreBenchmark.Fresh.class) {
                params[i] = fresh;
            } else if (types[i] == BlobStoreBenchmark.Stored.class) {
                params[i] = stored;
            } else if (types[i] == Blackhole.class) {
                throw new IllegalArgumentException("Blackhole parameters are not supported here");
            }
        }
        return params;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
