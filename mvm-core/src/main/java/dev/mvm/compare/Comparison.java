package dev.mvm.compare;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The result of comparing two or more versions, of one model or of several. The first version is the
 * baseline: metric verdicts and every {@link VersionDiff} are against it.
 *
 * <p>The {@link #id()} is stable: it is derived from the content (everything but {@link #createdAt()}), so
 * comparing the same versions in the same state again gives the same id.
 *
 * @param id 32 lowercase hex characters
 * @param createdAt when it was computed
 * @param versions the compared versions, baseline first
 * @param metrics one row per compared metric, sorted by name
 * @param diffs one diff per version after the baseline
 * @param evolution each compared model's metrics across all its versions
 * @since 0.1
 */
public record Comparison(String id, Instant createdAt, List<VersionSummary> versions, List<MetricRow> metrics,
        List<VersionDiff> diffs, List<MetricEvolution> evolution) {
    /** The form of an id. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    /** @throws IllegalArgumentException if the id is malformed or fewer than two versions are compared */
    public Comparison {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid comparison id '" + id + "': expected 32 lowercase hex characters");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        versions = List.copyOf(versions);
        if (versions.size() < 2) {
            throw new IllegalArgumentException("A comparison needs at least two versions, not " + versions.size());
        }
        metrics = List.copyOf(metrics);
        diffs = List.copyOf(diffs);
        evolution = List.copyOf(evolution);
    }

    /** @return the baseline version */
    public VersionSummary baseline() {
        return versions.get(0);
    }
}
