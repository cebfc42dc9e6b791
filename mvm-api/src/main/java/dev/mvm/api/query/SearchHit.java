package dev.mvm.api.query;

import dev.mvm.api.model.Model;
import dev.mvm.api.model.ModelVersion;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One row of a search result.
 *
 * @param model the model
 * @param version the row's version: in the models scope the latest version, in the versions scope the
 *     matching version; {@code null} for a model without versions
 * @param latest the model's latest version (highest precedence), if it has any
 * @param production the version the model's {@code production} environment points to, if set
 * @param relevance how well the free text matched, higher is better; 0 without text
 * @since 0.1
 */
public record SearchHit(Model model, @Nullable ModelVersion version, @Nullable ModelVersion latest,
        @Nullable ModelVersion production, double relevance) {

    /** @return the row's version, if any */
    public Optional<ModelVersion> rowVersion() {
        return Optional.ofNullable(version);
    }

    /** @return the latest version, if any */
    public Optional<ModelVersion> latestVersion() {
        return Optional.ofNullable(latest);
    }

    /** @return the production version, if any */
    public Optional<ModelVersion> productionVersion() {
        return Optional.ofNullable(production);
    }

    /** @return the metrics of the row's version, empty without one */
    public Map<String, Double> metrics() {
        return version == null ? Map.of() : version.metrics();
    }
}
