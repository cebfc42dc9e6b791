package dev.mvm.search;

import dev.mvm.api.model.SemanticVersion;
import java.time.Instant;

/**
 * One metric of one version, a point of a metric-history chart.
 *
 * @param version the version
 * @param registeredAt when the version was registered
 * @param name the metric name
 * @param value its value
 * @since 0.1
 */
public record MetricPoint(SemanticVersion version, Instant registeredAt, String name, double value) {
}
