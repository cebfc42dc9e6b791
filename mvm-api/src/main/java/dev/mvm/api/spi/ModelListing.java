package dev.mvm.api.spi;

import dev.mvm.api.error.ValidationException;
import dev.mvm.api.model.Limits;
import dev.mvm.api.model.ModelName;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A simple listing of models, sorted by name: optional exact filters, keyset paging with {@link #after()},
 * and a limit. (Rich search with a query language is a separate operation.)
 *
 * @param namePrefix only names starting with this, if set
 * @param framework only this framework, if set
 * @param task only this task, if set
 * @param tags only models carrying all these tags with these values
 * @param after only names sorting after this one (for the next page), if set
 * @param limit the most models returned, 1 to {@value #MAX_LIMIT}
 * @since 0.1
 */
public record ModelListing(@Nullable String namePrefix, @Nullable String framework, @Nullable String task,
        Map<String, String> tags, @Nullable ModelName after, int limit) {
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 1000;
    /** The limit of {@link #all()}. */
    public static final int DEFAULT_LIMIT = 100;

    /** @throws ValidationException if the limit is out of range or a filter is malformed */
    public ModelListing {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "Invalid limit " + limit + ": must be 1 to " + MAX_LIMIT);
        }
        if (namePrefix != null) {
            Limits.shortText("namePrefix", namePrefix);
        }
        if (framework != null) {
            Limits.shortText("framework", framework);
        }
        if (task != null) {
            Limits.shortText("task", task);
        }
        tags = Limits.tags("tags", tags);
    }

    /** @return the first {@value #DEFAULT_LIMIT} models by name, unfiltered */
    public static ModelListing all() {
        return new ModelListing(null, null, null, Map.of(), null, DEFAULT_LIMIT);
    }

    /** @param prefix a name prefix @return a copy with that filter */
    public ModelListing withNamePrefix(String prefix) {
        return new ModelListing(prefix, framework, task, tags, after, limit);
    }

    /** @param framework a framework @return a copy with that filter */
    public ModelListing withFramework(String framework) {
        return new ModelListing(namePrefix, framework, task, tags, after, limit);
    }

    /** @param task a task @return a copy with that filter */
    public ModelListing withTask(String task) {
        return new ModelListing(namePrefix, framework, task, tags, after, limit);
    }

    /** @param key tag key @param value tag value @return a copy that also requires this tag */
    public ModelListing withTag(String key, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(tags);
        more.put(key, value);
        return new ModelListing(namePrefix, framework, task, more, after, limit);
    }

    /** @param after the last name of the previous page @return a copy starting after it */
    public ModelListing withAfter(ModelName after) {
        return new ModelListing(namePrefix, framework, task, tags, after, limit);
    }

    /** @param limit the most models @return a copy with that limit */
    public ModelListing withLimit(int limit) {
        return new ModelListing(namePrefix, framework, task, tags, after, limit);
    }

    /** @return the {@link #after()} bound, if set */
    public Optional<ModelName> afterName() {
        return Optional.ofNullable(after);
    }
}
