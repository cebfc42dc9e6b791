package dev.mvm.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every metric of a model across all its versions, in version order, for charts.
 *
 * @param model the model
 * @param versions the versions, ascending
 * @param series one series per metric, sorted by name
 * @since 0.1
 */
public record MetricEvolution(String model, List<String> versions, List<Series> series) {
    /** Copies the lists. */
    public MetricEvolution {
        Objects.requireNonNull(model, "model");
        versions = List.copyOf(versions);
        series = List.copyOf(series);
    }

    /**
     * One metric's values across the versions.
     *
     * @param metric the metric
     * @param direction whether higher or lower is better
     * @param values one per version, {@code null} where the version has no value
     * @since 0.1
     */
    public record Series(String metric, MetricDirection direction, List<@Nullable Double> values) {
        /** Copies the values (they may hold nulls). */
        public Series {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(direction, "direction");
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }
}
