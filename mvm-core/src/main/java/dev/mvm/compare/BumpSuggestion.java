package dev.mvm.compare;

import dev.mvm.api.model.Bump;
import java.util.List;
import java.util.Objects;

/**
 * The semantic-version bump a structure diff calls for: {@link Bump#MAJOR} when the architecture changed
 * (tensors, layers, operators, graph inputs or outputs, or architecture settings such as hidden size),
 * {@link Bump#MINOR} when weights or other model files changed, {@link Bump#PATCH} when only metadata did
 * (metrics, parameters, tags, non-architecture settings, documentation files).
 *
 * @param bump the suggested bump
 * @param reasons why, most important first
 * @since 0.1
 */
public record BumpSuggestion(Bump bump, List<String> reasons) {
    /** Checks for nulls and copies the reasons. */
    public BumpSuggestion {
        Objects.requireNonNull(bump, "bump");
        reasons = List.copyOf(reasons);
    }
}
