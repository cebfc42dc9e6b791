package dev.mvm;

import dev.mvm.api.model.Limits;
import dev.mvm.api.model.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metadata to change on a registered version, given through a {@code Consumer}:
 * <pre>{@code
 * registry.model("fraud").version("1.2.0").update(v -> v.description("retrained").metric("auc", 0.93));
 * }</pre>
 * A version's files and lineage never change; its state changes through lifecycle operations.
 *
 * @since 0.1
 */
public final class VersionChanges {
    private @Nullable String description;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final List<String> removedTags = new java.util.ArrayList<>();

    VersionChanges() {
    }

    /**
     * @param description free text
     * @return this
     */
    public VersionChanges description(String description) {
        this.description = Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
        return this;
    }

    /**
     * Adds or replaces a metric (e.g. one measured after registration).
     *
     * @param name metric name
     * @param value a finite number
     * @return this
     */
    public VersionChanges metric(String name, double value) {
        metrics.putAll(Limits.metrics("metrics", Map.of(name, value)));
        return this;
    }

    /**
     * @param name parameter name
     * @param value parameter value
     * @return this
     */
    public VersionChanges param(String name, String value) {
        params.putAll(Limits.params("params", Map.of(name, value)));
        return this;
    }

    /**
     * @param key tag key
     * @param value tag value
     * @return this
     */
    public VersionChanges tag(String key, String value) {
        tags.putAll(Limits.tags("tags", Map.of(key, value)));
        removedTags.remove(key);
        return this;
    }

    /**
     * @param key a tag to remove if present
     * @return this
     */
    public VersionChanges removeTag(String key) {
        Limits.key("tags", key);
        tags.remove(key);
        removedTags.add(key);
        return this;
    }

    ModelVersion applyTo(ModelVersion version) {
        ModelVersion.Builder b = version.toBuilder();
        if (description != null) {
            b.description(description);
        }
        Map<String, Double> m = new LinkedHashMap<>(version.metrics());
        m.putAll(metrics);
        b.metrics(m);
        Map<String, String> p = new LinkedHashMap<>(version.params());
        p.putAll(params);
        b.params(p);
        Map<String, String> t = new LinkedHashMap<>(version.tags());
        removedTags.forEach(t::remove);
        t.putAll(tags);
        b.tags(t);
        return b.build();
    }
}
