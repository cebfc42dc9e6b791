package dev.mvm;

import dev.mvm.api.model.Limits;
import dev.mvm.api.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The fields to set when registering or updating a model, given through a {@code Consumer}:
 * <pre>{@code
 * registry.models().register("fraud", m -> m.framework("pytorch").tag("team", "risk"));
 * registry.model("fraud").update(m -> m.description("Card fraud scorer").removeTag("draft"));
 * }</pre>
 * Fields not mentioned keep their value. Each setter validates its input at once.
 *
 * @since 0.1
 */
public final class ModelChanges {
    private @Nullable String description;
    private @Nullable String framework;
    private @Nullable String task;
    private @Nullable Map<String, Object> metadata;
    private final Map<String, Object> metadataEntries = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<String> removedTags = new java.util.ArrayList<>();

    ModelChanges() {
    }

    /**
     * @param description free text, at most {@value Limits#MAX_DESCRIPTION_LENGTH} characters
     * @return this
     */
    public ModelChanges description(String description) {
        this.description = Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
        return this;
    }

    /**
     * @param framework e.g. {@code pytorch}, {@code onnx}, {@code sklearn}
     * @return this
     */
    public ModelChanges framework(String framework) {
        this.framework = Limits.shortText("framework", framework);
        return this;
    }

    /**
     * @param task e.g. {@code text-classification}
     * @return this
     */
    public ModelChanges task(String task) {
        this.task = Limits.shortText("task", task);
        return this;
    }

    /**
     * Replaces the whole metadata object.
     *
     * @param metadata maps, lists, strings, numbers and booleans, e.g. input and output shapes
     * @return this
     */
    public ModelChanges metadata(Map<String, ?> metadata) {
        this.metadata = Limits.metadata("metadata", metadata);
        this.metadataEntries.clear();
        return this;
    }

    /**
     * Sets one top-level metadata entry, keeping the others.
     *
     * @param key the key
     * @param value a map, list, string, number or boolean
     * @return this
     */
    public ModelChanges metadata(String key, Object value) {
        metadataEntries.putAll(Limits.metadata("metadata", Map.of(key, value)));
        return this;
    }

    /**
     * @param key tag key
     * @param value tag value
     * @return this
     */
    public ModelChanges tag(String key, String value) {
        tags.putAll(Limits.tags("tags", Map.of(key, value)));
        removedTags.remove(key);
        return this;
    }

    /**
     * @param tags tags to set, keeping others
     * @return this
     */
    public ModelChanges tags(Map<String, String> tags) {
        Map<String, String> checked = Limits.tags("tags", tags);
        this.tags.putAll(checked);
        removedTags.removeAll(checked.keySet());
        return this;
    }

    /**
     * @param key a tag to remove if present
     * @return this
     */
    public ModelChanges removeTag(String key) {
        Limits.key("tags", key);
        tags.remove(key);
        removedTags.add(key);
        return this;
    }

    Model applyTo(Model model) {
        Model.Builder b = model.toBuilder();
        if (description != null) {
            b.description(description);
        }
        if (framework != null) {
            b.framework(framework);
        }
        if (task != null) {
            b.task(task);
        }
        Map<String, Object> meta = new LinkedHashMap<>(metadata != null ? metadata : model.metadata());
        meta.putAll(metadataEntries);
        b.metadata(meta);
        Map<String, String> newTags = new LinkedHashMap<>(model.tags());
        removedTags.forEach(newTags::remove);
        newTags.putAll(tags);
        b.tags(newTags);
        return b.build();
    }
}
