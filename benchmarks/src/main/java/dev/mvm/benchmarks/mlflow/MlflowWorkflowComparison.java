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
 * <p>Usage: {@code MlflowWorkflowComparison <tracking-uri> <python-with-mlflow> [iterations]}. Python start-up
 * and {@code import mlflow} are outside the timed part; both sides warm up first.
 */
public final class MlflowWorkflowComparison {
    private static final String PYTHON = String.join("\n",
            "import sys, time, uuid",
            "from mlflow import MlflowClient",
            "c = MlflowClient()",
            "def run(n, prefix):",
            "    for i in range(n):",
            "        name = f'{prefix}-{i}'",
            "        c.create_registered_model(name, tags={'mvm.framework': 'onnx'})",
            "        mv = c.create_model_version(name, f'mvm://{name}/1.0.0', tags={'mvm.version': '1.0.0'})",
            "        c.set_registered_model_alias(name, 'production', mv.version)",
            "        c.get_model_version_by_alias(name, 'production')",
            "        c.search_registered_models(filter_string=f\"name LIKE '{prefix}-%'\", max_results=1000)",
            "n = int(sys.argv[1])",
            "run(3, 'pywarm-' + uuid.uuid4().hex[:8])",
            "t = time.perf_counter()",
            "run(n, 'py-' + uuid.uuid4().hex[:8])",
            "print(f'PY_MS {(time.perf_counter() - t) * 1000:.1f}')");

    private MlflowWorkflowComparison() {
    }

    /**
     * @param args tracking URI, Python executable with MLflow installed, optional iteration count
     * @throws Exception if a side fails
     */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String python = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        try (MlflowRegistryStore store = MlflowRegistryStore.builder().trackingUri(uri).build()) {
            runMvm(store, 3, "mvmwarm-" + UUID.randomUUID().toString().substring(0, 8));
            int requestsBefore = store.requestCount();
            long t = System.nanoTime();
            runMvm(store, n, "mvm-" + UUID.randomUUID().toString().substring(0, 8));
            double mvmMs = (System.nanoTime() - t) / 1e6;
            int requests = store.requestCount() - requestsBefore;
            double pyMs = runPython(uri, python, n);
            System.out.printf(Locale.ROOT, "workflow x %d against %s%n", n, uri);
            System.out.printf(Locale.ROOT, "MVM (Java, MlflowRegistryStore): %8.1f ms total, %6.2f ms per workflow,"
                    + " %.1f HTTP requests per workflow%n", mvmMs, mvmMs / n, (double) requests / n);
            System.out.printf(Locale.ROOT, "MLflow Python client:            %8.1f ms total, %6.2f ms per workflow%n",
                    pyMs, pyMs / n);
        }
    }

    private static void runMvm(MlflowRegistryStore store, int n, String prefix) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SemanticVersion v1 = SemanticVersion.of(1, 0, 0);
        for (int i = 0; i < n; i++) {
            ModelName name = ModelName.of(prefix + "-" + i);
            store.createModel(Model.builder(UUID.randomUUID().toString(), name).framework("onnx").createdAt(now)
                    .updatedAt(now).build());
            store.createVersion(ModelVersion.builder(name, v1).metrics(Map.of("auc", 0.9)).createdAt(now)
                    .updatedAt(now).build());
            store.movePointer(new PointerMove(name, EnvironmentName.PRODUCTION, null, v1, PointerMove.Kind.PUBLISH,
                    "user:bench", now, ""));
            store.findPointer(name, EnvironmentName.PRODUCTION).orElseThrow();
            store.listModels(ModelListing.all().withNamePrefix(prefix + "-").withLimit(1000));
        }
    }

    private static double runPython(String uri, String python, int n) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(python, "-c", PYTHON, Integer.toString(n)))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("MLFLOW_TRACKING_URI", uri);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("The Python side failed: " + out);
        }
        return out.lines().filter(l -> l.startsWith("PY_MS ")).map(l -> Double.parseDouble(l.substring(6)))
                .findFirst().orElseThrow(() -> new IllegalStateException("No timing from Python: " + out));
    }
}
