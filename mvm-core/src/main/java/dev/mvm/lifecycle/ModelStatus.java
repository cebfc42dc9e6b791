package dev.mvm.lifecycle;

import dev.mvm.api.lifecycle.EnvironmentName;
import dev.mvm.api.lifecycle.LifecycleState;
import dev.mvm.api.model.ModelName;
import dev.mvm.api.model.SemanticVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A model's status derived from its versions and pointers at one moment: which version each environment
 * serves, the latest version and how many versions are in each state. It is computed on demand by
 * {@code registry.model(name).status()}, not stored, so it is never stale when read and needs no field on
 * {@link dev.mvm.api.model.Model}.
 *
 * @param model the model
 * @param latestVersion the version of highest precedence, {@code null} if there are none
 * @param pointers environment to the version it serves, sorted by environment
 * @param countsByState number of versions in each state that has any
 * @since 0.1
 */
public record ModelStatus(ModelName model, @Nullable SemanticVersion latestVersion,
        Map<EnvironmentName, SemanticVersion> pointers, Map<LifecycleState, Integer> countsByState) {

    /** Copies the maps. */
    public ModelStatus {
        Objects.requireNonNull(model, "model");
        pointers = Collections.unmodifiableMap(new LinkedHashMap<>(pointers));
        countsByState = Collections.unmodifiableMap(new LinkedHashMap<>(countsByState));
    }

    /** @return the version of highest precedence, if the model has versions */
    public Optional<SemanticVersion> latest() {
        return Optional.ofNullable(latestVersion);
    }

    /** @return the version {@code production} serves, if it is set */
    public Optional<SemanticVersion> production() {
        return serving(EnvironmentName.PRODUCTION);
    }

    /** @return whether {@code production} serves a version */
    public boolean hasProductionVersion() {
        return pointers.containsKey(EnvironmentName.PRODUCTION);
    }

    /**
     * @param environment an environment
     * @return the version it serves, if it is set
     */
    public Optional<SemanticVersion> serving(EnvironmentName environment) {
        return Optional.ofNullable(pointers.get(environment));
    }

    /**
     * @param state a state
     * @return how many versions are in it
     */
    public int count(LifecycleState state) {
        return countsByState.getOrDefault(state, 0);
    }

    /** @return the number of versions */
    public int versionCount() {
        return countsByState.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return whether the model has versions and all of them are archived */
    public boolean archived() {
        return versionCount() > 0 && count(LifecycleState.ARCHIVED) == versionCount();
    }
}
