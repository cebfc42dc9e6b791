package dev.mvm.compare;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One added, removed or changed key of a map: a parameter, a tag, a metadata key, an operator count.
 *
 * @param key the key
 * @param kind added, removed or changed
 * @param oldValue the older version's value, {@code null} when added
 * @param newValue the newer version's value, {@code null} when removed
 * @since 0.1
 */
public record EntryChange(String key, ChangeKind kind, @Nullable String oldValue, @Nullable String newValue) {
    /** Checks for nulls. */
    public EntryChange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
    }
}
