package dev.mvm.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One metric across the compared versions. Lists are in the order of {@link Comparison#versions()}; a
 * {@code null} value means the version has no such metric (it is reported as missing, never as zero).
 *
 * @param name the metric
 * @param direction whether higher or lower is better
 * @param values each version's value, or {@code null} where missing
 * @param absoluteDifferences value minus the baseline's, or {@code null} where either is missing
 * @param relativeDifferences the absolute difference divided by the magnitude of the baseline, or
 *     {@code null} where either is missing or the baseline is zero
 * @param verdicts each version against the baseline
 * @param best the index of the best version, or -1 when the direction is unknown, fewer than two versions
 *     have a value, or all values are equal
 * @since 0.1
 */
public record MetricRow(String name, MetricDirection direction, List<@Nullable Double> values,
        List<@Nullable Double> absoluteDifferences, List<@Nullable Double> relativeDifferences, List<Verdict> verdicts,
        int best) {
    /** Copies the lists (they may hold nulls). */
    public MetricRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        values = Collections.unmodifiableList(new ArrayList<>(values));
        absoluteDifferences = Collections.unmodifiableList(new ArrayList<>(absoluteDifferences));
        relativeDifferences = Collections.unmodifiableList(new ArrayList<>(relativeDifferences));
        verdicts = List.copyOf(verdicts);
    }
}
