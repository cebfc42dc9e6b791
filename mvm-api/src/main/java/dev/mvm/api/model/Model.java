package dev.mvm.api.model;

import dev.mvm.api.error.ValidationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered model: a name and what describes it. Its versions are {@link ModelVersion}s.
 *
 * @param id a stable id, unchanged for the model's life
 * @param name the unique name
 * @param description free text, possibly empty
 * @param framework e.g. {@code pytorch}, {@code onnx}, possibly empty
 * @param task e.g. {@code text-classification}, possibly empty
 * @param metadata free JSON-like metadata such as input and output shapes
 * @param tags string tags
 * @param owner the principal that registered it, e.g. {@code user:alice}
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 * @param revision the store's revision, incremented by every change; 0 before it is stored
 * @since 0.1
 */
public record Model(String id, ModelName name, String description, String framework, String task,
        Map<String, Object> metadata, Map<String, String> tags, String owner, Instant createdAt, Instant updatedAt,
        long revision) {

    /** Validates every field against {@link Limits} and copies the maps. */
    public Model {
        Limits.shortText("id", Objects.requireNonNull(id, "id"));
        Objects.requireNonNull(name, "name");
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
        Limits.shortText("framework", framework);
        Limits.shortText("task", task);
        metadata = Limits.metadata("metadata", metadata);
        tags = Limits.tags("tags", tags);
        Limits.shortText("owner", owner);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 0) {
            throw new ValidationException("revision", "Revision must not be negative: " + revision);
        }
    }

    /**
     * @param key a tag key
     * @return the tag's value, if set
     */
    public Optional<String> tag(String key) {
        return Optional.ofNullable(tags.get(key));
    }

    /** @return a builder holding this model's values */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * @param id the stable id
     * @param name the name
     * @return a builder for a new model with empty fields
     */
    public static Builder builder(String id, ModelName name) {
        return new Builder(id, name);
    }

    /** Builds {@link Model} values; each setter replaces the field. */
    public static final class Builder {
        private String id;
        private ModelName name;
        private String description = "";
        private String framework = "";
        private String task = "";
        private Map<String, Object> metadata = new LinkedHashMap<>();
        private Map<String, String> tags = new LinkedHashMap<>();
        private String owner = "";
        private Instant createdAt = Instant.EPOCH;
        private Instant updatedAt = Instant.EPOCH;
        private long revision;

        private Builder(String id, ModelName name) {
            this.id = id;
            this.name = name;
        }

        private Builder(Model m) {
            this(m.id, m.name);
            description = m.description;
            framework = m.framework;
            task = m.task;
            metadata = new LinkedHashMap<>(m.metadata);
            tags = new LinkedHashMap<>(m.tags);
            owner = m.owner;
            createdAt = m.createdAt;
            updatedAt = m.updatedAt;
            revision = m.revision;
        }

        /** @param description free text @return this */
        public Builder description(String description) {
            this.description = Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
            return this;
        }

        /** @param framework e.g. pytorch @return this */
        public Builder framework(String framework) {
            this.framework = Limits.shortText("framework", framework);
            return this;
        }

        /** @param task e.g. text-classification @return this */
        public Builder task(String task) {
            this.task = Limits.shortText("task", task);
            return this;
        }

        /** @param metadata the whole metadata map @return this */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata = new LinkedHashMap<>(Limits.metadata("metadata", metadata));
            return this;
        }

        /** @param tags the whole tag map @return this */
        public Builder tags(Map<String, String> tags) {
            this.tags = new LinkedHashMap<>(Limits.tags("tags", tags));
            return this;
        }

        /** @param owner the owning principal @return this */
        public Builder owner(String owner) {
            this.owner = Limits.shortText("owner", owner);
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

        /** @return the model */
        public Model build() {
            return new Model(id, name, description, framework, task, metadata, tags, owner, createdAt, updatedAt,
                    revision);
        }
    }
}
