package dev.mvm.api.model;

import dev.mvm.api.artifact.ArtifactSummary;
import dev.mvm.api.error.ValidationException;
import dev.mvm.api.lifecycle.LifecycleState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One version of a model: its semantic version, lifecycle state, files (summarised; the full manifest is in
 * the artifact store), metrics, parameters, tags and lineage. A registered version's files never change.
 *
 * @param model the model's name
 * @param version the semantic version, unique per model (build metadata ignored)
 * @param state the lifecycle state
 * @param description free text, possibly empty
 * @param artifacts the manifest root digest, file count and total size
 * @param metrics metric name to value
 * @param params parameter name to value
 * @param tags string tags
 * @param lineage where it came from
 * @param createdBy who registered it
 * @param createdAt when it was registered
 * @param updatedAt when its metadata last changed
 * @param revision the store's revision, incremented by every change; 0 before it is stored
 * @since 0.1
 */
public record ModelVersion(ModelName model, SemanticVersion version, LifecycleState state, String description,
        ArtifactSummary artifacts, Map<String, Double> metrics, Map<String, String> params, Map<String, String> tags,
        Lineage lineage, String createdBy, Instant createdAt, Instant updatedAt, long revision) {

    /** Validates every field against {@link Limits} and copies the maps. */
    public ModelVersion {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
        Objects.requireNonNull(artifacts, "artifacts");
        metrics = Limits.metrics("metrics", metrics);
        params = Limits.params("params", params);
        tags = Limits.tags("tags", tags);
        Objects.requireNonNull(lineage, "lineage");
        Limits.shortText("createdBy", createdBy);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 0) {
            throw new ValidationException("revision", "Revision must not be negative: " + revision);
        }
    }

    /** @return {@code model@version} */
    public VersionRef ref() {
        return new VersionRef(model, version);
    }

    /** @return a builder holding this version's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param model the model name
     * @param version the version
     * @return a builder for a new {@code DRAFT} version without files
     */
    public static Builder builder(ModelName model, SemanticVersion version) {
        return new Builder(model, version);
    }

    /** Builds {@link ModelVersion} values; each setter replaces the field. */
    public static final class Builder {
        private ModelName model;
        private SemanticVersion version;
        private LifecycleState state = LifecycleState.DRAFT;
        private String description = "";
        private ArtifactSummary artifacts = ArtifactSummary.EMPTY;
        private Map<String, Double> metrics = new LinkedHashMap<>();
        private Map<String, String> params = new LinkedHashMap<>();
        private Map<String, String> tags = new LinkedHashMap<>();
        private Lineage lineage = Lineage.NONE;
        private String createdBy = "";
        private Instant createdAt = Instant.EPOCH;
        private Instant updatedAt = Instant.EPOCH;
        private long revision;

        private Builder(ModelName model, SemanticVersion version) {
            this.model = Objects.requireNonNull(model);
            this.version = Objects.requireNonNull(version);
        }

        private Builder(ModelVersion v) {
            this(v.model, v.version);
            state = v.state;
            description = v.description;
            artifacts = v.artifacts;
            metrics = new LinkedHashMap<>(v.metrics);
            params = new LinkedHashMap<>(v.params);
            tags = new LinkedHashMap<>(v.tags);
            lineage = v.lineage;
            createdBy = v.createdBy;
            createdAt = v.createdAt;
            updatedAt = v.updatedAt;
            revision = v.revision;
        }

        /** @param version the version @return this */
        public Builder version(SemanticVersion version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        /** @param state the state @return this */
        public Builder state(LifecycleState state) {
            this.state = Objects.requireNonNull(state);
            return this;
        }

        /** @param description free text @return this */
        public Builder description(String description) {
            this.description = Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
            return this;
        }

        /** @param artifacts the manifest summary @return this */
        public Builder artifacts(ArtifactSummary artifacts) {
            this.artifacts = Objects.requireNonNull(artifacts);
            return this;
        }

        /** @param metrics all metrics @return this */
        public Builder metrics(Map<String, Double> metrics) {
            this.metrics = new LinkedHashMap<>(Limits.metrics("metrics", metrics));
            return this;
        }

        /** @param params all parameters @return this */
        public Builder params(Map<String, String> params) {
            this.params = new LinkedHashMap<>(Limits.params("params", params));
            return this;
        }

        /** @param tags all tags @return this */
        public Builder tags(Map<String, String> tags) {
            this.tags = new LinkedHashMap<>(Limits.tags("tags", tags));
            return this;
        }

        /** @param lineage the lineage @return this */
        public Builder lineage(Lineage lineage) {
            this.lineage = Objects.requireNonNull(lineage);
            return this;
        }

        /** @param createdBy the registering principal @return this */
        public Builder createdBy(String createdBy) {
            this.createdBy = Limits.shortText("createdBy", createdBy);
            return this;
        }

        /** @param createdAt creation time @return this */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt);
            return this;
        }

        /** @param updatedAt last change time @return this */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = Objects.requireNonNull(updatedAt);
            return this;
        }

        /** @param revision the store revision @return this */
        public Builder revision(long revision) {
            this.revision = revision;
            return this;
        }

        /** @return the version */
        public ModelVersion build() {
            return new ModelVersion(model, version, state, description, artifacts, metrics, params, tags, lineage,
                    createdBy, createdAt, updatedAt, revision);
        }
    }
}
