package dev.mvm.api.model;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a version came from: the version of the same model it was derived from, versions of other models
 * it depends on (a tokenizer, an embedding model), the training run and the dataset.
 *
 * @param parent the version of the same model this one derives from, if any
 * @param dependsOn versions of other models this one needs at serving time
 * @param runId the training run id (an MLflow run id, a CI job id), if any
 * @param dataset a dataset reference such as a URI with a version or digest, if any
 * @since 0.1
 */
public record Lineage(@Nullable SemanticVersion parent, List<VersionRef> dependsOn, @Nullable String runId,
        @Nullable String dataset) {
    /** A version with no recorded origin. */
    public static final Lineage NONE = new Lineage(null, List.of(), null, null);

    /** Validates lengths and copies the list. */
    public Lineage {
        dependsOn = List.copyOf(dependsOn);
        if (runId != null) {
            Limits.shortText("lineage.runId", runId);
        }
        if (dataset != null) {
            Limits.text("lineage.dataset", dataset, Limits.MAX_SHORT_TEXT_LENGTH * 4);
        }
    }

    /** @return the parent version, if any */
    public Optional<SemanticVersion> parentVersion() {
        return Optional.ofNullable(parent);
    }

    /** @return whether nothing is recorded */
    public boolean isEmpty() {
        return parent == null && dependsOn.isEmpty() && runId == null && dataset == null;
    }
}
