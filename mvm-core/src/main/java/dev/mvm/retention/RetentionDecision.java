package dev.mvm.retention;

import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.VersionRef;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a retention plan decided for one version.
 *
 * @param version the version
 * @param state its lifecycle state when the plan was computed
 * @param bytes the total size of its files
 * @param keptBecause why it is kept; empty when the plan removes it
 * @since 0.1
 */
public record RetentionDecision(VersionRef version, LifecycleState state, long bytes, Set<KeepReason> keptBecause) {
    /** Copies the set; validates the size. */
    public RetentionDecision {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(state, "state");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        keptBecause = keptBecause.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(keptBecause));
    }

    /** @return whether the plan removes (archives or deletes) the version */
    public boolean removed() {
        return keptBecause.isEmpty();
    }

    @Override
    public String toString() {
        return version + " (" + state + ", " + bytes + " bytes): "
                + (removed() ? "remove" : "keep, " + keptBecause);
    }
}
