package dev.mvm.benchmarks.mlflow;

import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.PointerMove;
import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.ModelVersion;
import dev.mvm.api.model.SemanticVersion;
import dev.mvm.api.spi.ModelListing;
import dev.mvm.mlflow.MlflowRegistryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same registry workflow against one MLflow server through MVM's {@link MlflowRegistryStore} and
 * through MLflow's Python client, and prints both: register a model, register a version, point the
 * {@code production} alias at it, read the version back through the alias, and search models by name.
 *
 * <p>Usage: {@code MlflowWorkflowComparison <tracking-uri> <python-with-mlflow> [iterations] [rounds]}: each
 * round times {@code iterations} workflows (default 20) on each side, alternating which side goes first, and
 * the medians over the rounds (default 5) are printed. Python start-up and {@code import mlflow} are outside
 * the timed part; both sides warm up first. MVM runs twice per round: as configured by default, and with
 * {@code quickAck(false)}, which shows how much of the difference is the delayed-acknowledgement stall
 * the Python client (like any client on a kept-alive connection) waits through on every request.
 */
public final class MlflowWorkflowComparison {
    private static final String PYTHON = String.join("\n",
            "import sys, time, uuid",
            "from mlflow import MlflowClient",
            "c = MlflowClient()",
            "steps = [0.0] * 5",
            "def run(n, prefix):",
            "    for i in range(n):",
            "        name = f'{prefix}-{i}'",
            "        t0 = time.perf_counter()",
            "        c.create_registered_model(name, tags={'mvm.framework': 'onnx'})",
            "        t1 = time.perf_counter()",
            "        mv = c.create_model_version(name, f'mvm://{name}/1.0.0', tags={'mvm.version': '1.0.0'})",
            "        t2 = time.perf_counter()",
            "        c.set_registered_model_alias(name, 'production', mv.version)",
            "        t3 = time.perf_counter()",
            "        c.get_model_version_by_alias(name, 'production')",
            "        t4 = time.perf_counter()",
            "        c.search_registered_models(filter_string=f\"name LIKE '{prefix}-%'\", max_results=1000)",
            "        t5 = time.perf_counter()",
            "        for k, d in enumerate([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]):",
            "            steps[k] += d",
            "n = int(sys.argv[1])",
            "run(3, 'pywarm-' + uuid.uuid4().hex[:8])",
            "steps = [0.0] * 5",
            "t = time.perf_counter()",
            "run(n, 'py-' + uuid.uuid4().hex[:8])",
            "print(f'PY_MS {(time.perf_counter() - t) * 1000:.1f}')",
            "print('PY_STEPS ' + ' '.join(f'{s * 1000 / n:.1f}' for s in steps))");

    private MlflowWorkflowComparison() {
    }

    /**
     * @param args tracking URI, Python executable with MLflow installed, optional iteration count
     * @throws Exception if a side fails
     */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String python = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        List<Double> mvm = new ArrayList<>();
        List<Double> mvmNoQuickAck = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        List<double[]> mvmSteps = new ArrayList<>();
        List<double[]> noQuickAckSteps = new ArrayList<>();
        List<double[]> pySteps = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%d rounds of %d workflows against %s%n", rounds, n, uri);
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(uri).build();
                MlflowRegistryStore plain = MlflowRegistryStore.builder().trackingUri(uri).quickAck(false).build()) {
            runMvm(store, 3, "mvmwarm-" + UUID.randomUUID().toString().substring(0, 8));
            runMvm(plain, 3, "mvmwarm-" + UUID.randomUUID().toString().substring(0, 8));
            for (int round = 1; round <= rounds; round++) {
                boolean pythonFirst = round % 2 == 0;
                double[] pyRound = pythonFirst ? runPython(uri, python, n) : null;
                int requestsBefore = store.requestCount();
                long t = System.nanoTime();
                double[] mvmRound = runMvm(store, n, "mvm-" + UUID.randomUUID().toString().substring(0, 8));
                double mvmMs = (System.nanoTime() - t) / 1e6 / n;
                double requests = (double) (store.requestCount() - requestsBefore) / n;
                t = System.nanoTime();
                double[] plainRound = runMvm(plain, n, "mvmp-" + UUID.randomUUID().toString().substring(0, 8));
                double plainMs = (System.nanoTime() - t) / 1e6 / n;
                if (!pythonFirst) {
                    pyRound = runPython(uri, python, n);
                }
                double pyMs = pyRound[0] / n;
                mvm.add(mvmMs);
                mvmNoQuickAck.add(plainMs);
                py.add(pyMs);
                mvmSteps.add(mvmRound);
                noQuickAckSteps.add(plainRound);
                pySteps.add(java.util.Arrays.copyOfRange(pyRound, 1, 6));
                System.out.printf(Locale.ROOT, "round %d (%s first): MVM %6.1f ms per workflow (%.1f HTTP requests),"
                        + " MVM without quick ACKs %6.1f ms, Python client %6.1f ms%n", round,
                        pythonFirst ? "Python" : "MVM", mvmMs, requests, plainMs, pyMs);
            }
        }
        System.out.printf(Locale.ROOT, "median per workflow: MVM (Java, MlflowRegistryStore) %.1f ms,"
                + " MVM without quick ACKs %.1f ms, MLflow Python client %.1f ms%n", median(mvm),
                median(mvmNoQuickAck), median(py));
        String[] steps = {"register model", "register version", "set alias", "get by alias", "search"};
        for (int k = 0; k < steps.length; k++) {
            int step = k;
            System.out.printf(Locale.ROOT, "  median %-16s MVM %6.1f ms, without quick ACKs %6.1f ms,"
                    + " Python %6.1f ms%n", steps[k], median(mvmSteps.stream().map(a -> a[step]).toList()),
                    median(noQuickAckSteps.stream().map(a -> a[step]).toList()),
                    median(pySteps.stream().map(a -> a[step]).toList()));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /** @return the mean milliseconds of each of the five steps */
    private static double[] runMvm(MlflowRegistryStore store, int n, String prefix) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SemanticVersion v1 = SemanticVersion.of(1, 0, 0);
        long[] nanos = new long[5];
        for (int i = 0; i < n; i++) {
            ModelName name = ModelName.of(prefix + "-" + i);
            long t0 = System.nanoTime();
            store.createModel(Model.builder(UUID.randomUUID().toString(), name).framework("onnx").createdAt(now)
                    .updatedAt(now).build());
            long t1 = System.nanoTime();
            store.createVersion(ModelVersion.builder(name, v1).metrics(Map.of("auc", 0.9)).createdAt(now)
                    .updatedAt(now).build());
            long t2 = System.nanoTime();
            store.movePointer(new PointerMove(name, EnvironmentName.PRODUCTION, null, v1, PointerMove.Kind.PUBLISH,
                    "user:bench", now, ""));
            long t3 = System.nanoTime();
            store.findPointer(name, EnvironmentName.PRODUCTION).orElseThrow();
            long t4 = System.nanoTime();
            store.listModels(ModelListing.all().withNamePrefix(prefix + "-").withLimit(1000));
            long t5 = System.nanoTime();
            long[] d = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4};
            for (int k = 0; k < 5; k++) {
                nanos[k] += d[k];
            }
        }
        double[] ms = new double[5];
        for (int k = 0; k < 5; k++) {
            ms[k] = nanos[k] / 1e6 / Math.max(1, n);
        }
        return ms;
    }

    /** @return total milliseconds, then the mean milliseconds of each of the five steps */
    private static double[] runPython(String uri, String python, int n) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(python, "-c", PYTHON, Integer.toString(n)))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("MLFLOW_TRACKING_URI", uri);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("The Python side failed: " + out);
        }
        double total = out.lines().filter(l -> l.startsWith("PY_MS ")).map(l -> Double.parseDouble(l.substring(6)))
                .findFirst().orElseThrow(() -> new IllegalStateException("No timing from Python: " + out));
        String[] steps = out.lines().filter(l -> l.startsWith("PY_STEPS ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("No step timings from Python: " + out)).substring(9)
                .split(" ");
        double[] result = new double[6];
        result[0] = total;
        for (int k = 0; k < 5; k++) {
            result[k + 1] = Double.parseDouble(steps[k]);
        }
        return result;
    }
}
