package dev.mvm.retention;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The dry run of a retention policy: a decision for every version, and how many bytes removing the doomed
 * ones frees.
 *
 * @param policy the policy planned for
 * @param computedAt when the plan was computed, by the registry's clock
 * @param decisions one decision per version, by model name then version precedence
 * @param bytesFreed the total size of the distinct files that only removed versions reference (files shared
 *     with any kept version, of any model, are not counted). With {@link RetentionAction#DELETE} the garbage
 *     collector reclaims them after its grace period; with {@link RetentionAction#ARCHIVE} archived versions
 *     keep their files, so this is what deleting them instead would free
 * @since 0.1
 */
public record RetentionPlan(RetentionPolicy policy, Instant computedAt, List<RetentionDecision> decisions,
        long bytesFreed) {
    /** Copies the list; validates the total. */
    public RetentionPlan {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(computedAt, "computedAt");
        decisions = List.copyOf(decisions);
        if (bytesFreed < 0) {
            throw new IllegalArgumentException("bytesFreed must not be negative: " + bytesFreed);
        }
    }

    /** @return the versions the plan archives or deletes */
    public List<RetentionDecision> removals() {
        return decisions.stream().filter(RetentionDecision::removed).toList();
    }

    /** @return the versions the plan keeps, each with its reasons */
    public List<RetentionDecision> kept() {
        return decisions.stream().filter(d -> !d.removed()).toList();
    }

    @Override
    public String toString() {
        return "Retention plan at " + computedAt + ": " + policy.action().name().toLowerCase(java.util.Locale.ROOT)
                + " " + removals().size() + " of " + decisions.size() + " versions, freeing " + bytesFreed + " bytes";
    }
}
