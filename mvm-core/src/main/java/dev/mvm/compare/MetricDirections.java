package dev.mvm.compare;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides each metric's {@link MetricDirection}: first an explicit setting for the exact name, else by the
 * words of the name (split at anything but letters and digits, so {@code val_loss} and {@code p95-latency-ms}
 * are recognised). Higher is better for {@code accuracy}, {@code acc}, {@code precision}, {@code recall},
 * {@code f1}, {@code auc}, {@code map}, {@code bleu}, {@code rouge}, {@code score}, {@code throughput};
 * lower for {@code loss}, {@code error}, {@code err}, {@code latency}, {@code size}, {@code mse}, {@code mae},
 * {@code rmse}, {@code perplexity}, {@code wer}, {@code cer}, {@code time}, {@code memory}, {@code bytes}.
 * Immutable.
 *
 * @since 0.1
 */
public final class MetricDirections {
    private static final Set<String> HIGHER = Set.of("accuracy", "acc", "precision", "recall", "f1", "auc",
            "roc", "map", "bleu", "rouge", "score", "throughput", "qps", "r2");
    private static final Set<String> LOWER = Set.of("loss", "error", "err", "latency", "size", "mse", "mae",
            "rmse", "perplexity", "ppl", "wer", "cer", "time", "memory", "bytes", "ms", "seconds");
    private static final MetricDirections DEFAULTS = new MetricDirections(Map.of());

    private final Map<String, MetricDirection> explicit;

    private MetricDirections(Map<String, MetricDirection> explicit) {
        this.explicit = Map.copyOf(explicit);
    }

    /** @return the name-based defaults, with no explicit settings */
    public static MetricDirections defaults() {
        return DEFAULTS;
    }

    /**
     * @param metric an exact metric name
     * @param direction its direction
     * @return a copy with that setting added
     */
    public MetricDirections with(String metric, MetricDirection direction) {
        Map<String, MetricDirection> more = new LinkedHashMap<>(explicit);
        more.put(Objects.requireNonNull(metric, "metric"), Objects.requireNonNull(direction, "direction"));
        return new MetricDirections(more);
    }

    /**
     * @param metric a metric name
     * @return its direction
     */
    public MetricDirection of(String metric) {
        MetricDirection set = explicit.get(metric);
        if (set != null) {
            return set;
        }
        boolean higher = false;
        boolean lower = false;
        for (String word : metric.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            higher |= HIGHER.contains(word);
            lower |= LOWER.contains(word);
        }
        if (higher == lower) {
            return MetricDirection.UNKNOWN;
        }
        return higher ? MetricDirection.HIGHER_IS_BETTER : MetricDirection.LOWER_IS_BETTER;
    }
}
