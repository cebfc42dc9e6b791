package dev.mvm.lifecycle;

import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.ModelVersion;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PromotionRule} judges: the version to promote, the version it would replace, and who has
 * approved it.
 *
 * @param candidate the version to promote
 * @param incumbent the version the environment serves now, {@code null} if none (or no environment)
 * @param environment the environment, {@code null} for a plain transition with no environment that sets
 *     the target state
 * @param target the state the candidate would enter
 * @param approvers the distinct principals who approved the candidate
 * @since 0.1
 */
public record PromotionCandidate(ModelVersion candidate, @Nullable ModelVersion incumbent,
        @Nullable EnvironmentName environment, LifecycleState target, Set<String> approvers) {

    /** Copies the approvers. */
    public PromotionCandidate {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(target, "target");
        approvers = Set.copyOf(approvers);
    }

    /** @return the version the environment serves now, if any */
    public Optional<ModelVersion> current() {
        return Optional.ofNullable(incumbent);
    }
}
